package io.github.customertiers.pipeline.value;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import smile.math.BFGS;
import smile.util.function.DifferentiableMultivariateFunction;

/**
 * Minimises a mean negative log-likelihood over the logarithms of strictly positive parameters with
 * Smile's L-BFGS, from one or more starting points, and checks convergence itself: a result is
 * accepted only when every gradient component of the mean negative log-likelihood (with respect to
 * the log-parameters) is below {@link #GRADIENT_TOLERANCE} and every parameter stays within
 * [1e-8, 1e8]. Otherwise a {@link ValueModelFitException} names the model, the parameters and what
 * failed.
 */
final class LogParameterOptimizer {

  /** Largest accepted |d mean NLL / d log(parameter)| at the optimum. */
  static final double GRADIENT_TOLERANCE = 1e-6;
  /** Parameters outside [e^-bound, e^bound] count as run away to the edge of the space. */
  static final double LOG_PARAMETER_BOUND = Math.log(1e8);
  /** Beyond this the objective answers a large finite value, so line searches back off. */
  private static final double LOG_PARAMETER_DOMAIN = 40.0;
  private static final double OUT_OF_DOMAIN_VALUE = 1e30;
  private static final double SMILE_GRADIENT_TOLERANCE = 1e-10;
  private static final int MEMORY = 6;
  private static final int MAX_ITERATIONS = 1000;
  private static final int RESTARTS = 4;
  private static final Logger LOG = LogManager.getLogger(LogParameterOptimizer.class);

  /** The accepted optimum. */
  record Result(double[] parameters, double meanNegativeLogLikelihood, int evaluations, double maxAbsGradient) {}

  private LogParameterOptimizer() {}

  /**
   * @param model name for messages ("BG/NBD")
   * @param parameterNames names for messages, one per parameter
   * @param objective mean negative log-likelihood of the log-parameters, with its gradient
   * @param startingLogParameters starting points (log scale); the best converged result wins
   */
  static Result minimize(String model, String[] parameterNames, DifferentiableMultivariateFunction objective,
      double[]... startingLogParameters) {
    CountingObjective counting = new CountingObjective(objective);
    Result best = null;
    String lastFailure = "no starting point";
    for (double[] start : startingLogParameters) {
      double[] theta = start.clone();
      Attempt attempt = null;
      for (int restart = 0; restart < RESTARTS; restart++) {
        String optimiserError = null;
        try {
          BFGS.minimize(counting, MEMORY, theta, SMILE_GRADIENT_TOLERANCE, MAX_ITERATIONS);
        } catch (RuntimeException e) {
          optimiserError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        attempt = Attempt.at(objective, theta, optimiserError);
        if (attempt.converged() || !attempt.finite()) {
          break;
        }
        // L-BFGS stops when a line search stalls; a fresh start from the same point usually finishes.
      }
      if (attempt.converged()) {
        double[] parameters = Arrays.stream(theta).map(Math::exp).toArray();
        if (best == null || attempt.value() < best.meanNegativeLogLikelihood()) {
          best = new Result(parameters, attempt.value(), counting.evaluations, attempt.maxAbsGradient());
        }
      } else {
        lastFailure = attempt.describeFailure(model, parameterNames, theta);
        LOG.debug("{} fit from start {} failed: {}", model, Arrays.toString(start), lastFailure);
      }
    }
    if (best == null) {
      throw new ValueModelFitException(String.format(Locale.ROOT,
          "%s fit did not converge after %d likelihood evaluations from %d starting point(s): %s",
          model, counting.evaluations, startingLogParameters.length, lastFailure));
    }
    return new Result(best.parameters(), best.meanNegativeLogLikelihood(), counting.evaluations, best.maxAbsGradient());
  }

  /** The state after one optimiser run. */
  private record Attempt(double value, double[] gradient, double maxAbsGradient, boolean finite,
      boolean insideBounds, String optimiserError) {

    static Attempt at(DifferentiableMultivariateFunction objective, double[] theta, String optimiserError) {
      double[] gradient = new double[theta.length];
      boolean finite = Arrays.stream(theta).allMatch(Double::isFinite);
      double value = finite ? objective.g(theta, gradient) : Double.NaN;
      finite = finite && Double.isFinite(value) && Arrays.stream(gradient).allMatch(Double::isFinite);
      double maxAbsGradient = Arrays.stream(gradient).map(Math::abs).max().orElse(0.0);
      boolean inside = Arrays.stream(theta).allMatch(t -> Math.abs(t) <= LOG_PARAMETER_BOUND);
      return new Attempt(value, gradient, maxAbsGradient, finite, inside, optimiserError);
    }

    boolean converged() {
      return finite && insideBounds && maxAbsGradient <= GRADIENT_TOLERANCE;
    }

    String describeFailure(String model, String[] names, double[] theta) {
      StringJoiner parameters = new StringJoiner(", ");
      for (int i = 0; i < theta.length; i++) {
        parameters.add(names[i] + " = " + String.format(Locale.ROOT, "%.4g", Math.exp(theta[i])));
      }
      String what;
      if (!finite) {
        what = "the likelihood or its gradient is not finite";
      } else if (!insideBounds) {
        StringJoiner runaway = new StringJoiner(", ");
        for (int i = 0; i < theta.length; i++) {
          if (Math.abs(theta[i]) > LOG_PARAMETER_BOUND) {
            runaway.add(names[i]);
          }
        }
        what = "parameter(s) " + runaway + " ran away to the edge of the parameter space (outside [1e-8, 1e8]),"
            + " so the data do not identify the " + model + " model";
      } else {
        what = String.format(Locale.ROOT,
            "the gradient of the mean log-likelihood is %.3g, above the tolerance %.0e", maxAbsGradient,
            GRADIENT_TOLERANCE);
      }
      return what + " at " + parameters + (optimiserError == null ? "" : "; optimiser said: " + optimiserError);
    }
  }

  /** Counts evaluations and keeps line searches inside the numerically safe domain. */
  private static final class CountingObjective implements DifferentiableMultivariateFunction {
    private final DifferentiableMultivariateFunction delegate;
    private int evaluations;

    CountingObjective(DifferentiableMultivariateFunction delegate) {
      this.delegate = delegate;
    }

    @Override
    public double f(double[] theta) {
      evaluations++;
      if (outsideDomain(theta)) {
        return OUT_OF_DOMAIN_VALUE;
      }
      double value = delegate.f(theta);
      return Double.isNaN(value) ? OUT_OF_DOMAIN_VALUE : value;
    }

    @Override
    public double g(double[] theta, double[] gradient) {
      evaluations++;
      if (outsideDomain(theta)) {
        Arrays.fill(gradient, 0.0);
        return OUT_OF_DOMAIN_VALUE;
      }
      double value = delegate.g(theta, gradient);
      return Double.isNaN(value) ? OUT_OF_DOMAIN_VALUE : value;
    }

    private static boolean outsideDomain(double[] theta) {
      for (double t : theta) {
        if (!(Math.abs(t) <= LOG_PARAMETER_DOMAIN)) {
          return true;
        }
      }
      return false;
    }
  }
}
