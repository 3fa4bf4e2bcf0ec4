package io.github.customertiers.pipeline.value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import smile.math.BFGS;
import smile.util.function.DifferentiableMultivariateFunction;

/**
 * Minimises a mean negative log-likelihood over the logarithms of strictly positive parameters with
 * Smile's L-BFGS, from one or more starting points, and checks convergence itself.
 *
 * <p>Acceptance is scale-aware and boundary-aware:
 * <ul>
 *   <li>an interior parameter must have |d f / d ln(parameter)| at most
 *       {@link #GRADIENT_TOLERANCE} x max(1, |f|) (f = the mean negative log-likelihood, so the
 *       tolerance is relative to the size of the objective) and lie within [1e-8, 1e8];</li>
 *   <li>a parameter the model declares may tend to a limit ({@link Limit}: to 0, or to infinity)
 *       and that lies beyond {@link #BOUNDARY_ZONE} of 1 (below 1e-4 or above 1e4) in that
 *       direction is <em>at the boundary</em> when the likelihood is flat there
 *       (|gradient| at most {@link #BOUNDARY_GRADIENT_TOLERANCE}) or still improves towards the
 *       limit. Such a fit is the limiting model, not a failure: {@link Result#boundaryParameters()}
 *       names those parameters so the caller can say so. The optimum then lies on a ridge, which
 *       makes the problem ill-conditioned, so the other parameters are accepted at
 *       |gradient| at most {@link #BOUNDARY_GRADIENT_TOLERANCE}.</li>
 * </ul>
 * Otherwise a {@link ValueModelFitException} names the model, the parameters and what failed.
 */
final class LogParameterOptimizer {

  /** Largest accepted |d mean NLL / d log(parameter)| at the optimum, per unit of max(1, |mean NLL|). */
  static final double GRADIENT_TOLERANCE = 1e-6;
  /** A parameter allowed a limit is in the boundary zone beyond e^{@value} (1e-4 .. 1e4) of 1. */
  static final double BOUNDARY_ZONE = 9.210340371976184; // ln(1e4)
  /** Largest inward |gradient| of a parameter accepted at the boundary: the likelihood is flat there. */
  static final double BOUNDARY_GRADIENT_TOLERANCE = 1e-4;
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

  /** Where a parameter may go when the data do not bound it: the limiting model there is still a model. */
  enum Limit {
    /** Must stay interior. */
    NONE(0),
    /** May tend to 0. */
    ZERO(-1),
    /** May tend to infinity. */
    INFINITY(1);

    final int direction;

    Limit(int direction) {
      this.direction = direction;
    }
  }

  /**
   * The accepted optimum.
   *
   * @param boundaryParameters names of the parameters accepted at their limit (empty for an interior optimum)
   */
  record Result(double[] parameters, double meanNegativeLogLikelihood, int evaluations, double maxAbsGradient,
      List<String> boundaryParameters) {}

  private LogParameterOptimizer() {}

  /**
   * @param model name for messages ("BG/NBD")
   * @param parameterNames names for messages, one per parameter
   * @param objective mean negative log-likelihood of the log-parameters, with its gradient
   * @param startingLogParameters starting points (log scale); the best converged result wins
   */
  static Result minimize(String model, String[] parameterNames, DifferentiableMultivariateFunction objective,
      double[]... startingLogParameters) {
    Limit[] interior = new Limit[parameterNames.length];
    Arrays.fill(interior, Limit.NONE);
    return minimize(model, parameterNames, interior, objective, startingLogParameters);
  }

  /**
   * As {@link #minimize(String, String[], DifferentiableMultivariateFunction, double[]...)}, with the
   * limits each parameter may tend to (one per parameter).
   */
  static Result minimize(String model, String[] parameterNames, Limit[] limits,
      DifferentiableMultivariateFunction objective, double[]... startingLogParameters) {
    if (limits.length != parameterNames.length) {
      throw new IllegalArgumentException("one limit per parameter needed");
    }
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
        attempt = Attempt.at(objective, theta, limits, optimiserError);
        if (attempt.converged() || !attempt.finite()) {
          break;
        }
        // L-BFGS stops when a line search stalls; a fresh start from the same point usually finishes.
      }
      if (attempt.converged()) {
        double[] parameters = Arrays.stream(theta).map(Math::exp).toArray();
        if (best == null || attempt.value() < best.meanNegativeLogLikelihood()) {
          best = new Result(parameters, attempt.value(), counting.evaluations, attempt.maxAbsGradient(),
              attempt.boundaryNames(parameterNames));
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
    return new Result(best.parameters(), best.meanNegativeLogLikelihood(), counting.evaluations, best.maxAbsGradient(),
        best.boundaryParameters());
  }

  /** The state after one optimiser run. */
  private record Attempt(double value, double[] gradient, double maxAbsGradient, boolean finite,
      boolean insideBounds, boolean[] atBoundary, boolean interiorGradientsSmall, double tolerance,
      String optimiserError) {

    static Attempt at(DifferentiableMultivariateFunction objective, double[] theta, Limit[] limits,
        String optimiserError) {
      double[] gradient = new double[theta.length];
      boolean finite = Arrays.stream(theta).allMatch(Double::isFinite);
      double value = finite ? objective.g(theta, gradient) : Double.NaN;
      finite = finite && Double.isFinite(value) && Arrays.stream(gradient).allMatch(Double::isFinite);
      double tolerance = GRADIENT_TOLERANCE * Math.max(1.0, Math.abs(value));
      boolean[] atBoundary = new boolean[theta.length];
      boolean onRidge = false;
      for (int i = 0; i < theta.length; i++) {
        int direction = limits[i].direction;
        boolean inZone = direction != 0 && direction * theta[i] > BOUNDARY_ZONE;
        // At the limit when the likelihood is flat there, or still improves towards the limit
        // (descent direction -gradient points outwards: gradient * direction < 0).
        atBoundary[i] = inZone && gradient[i] * direction <= BOUNDARY_GRADIENT_TOLERANCE;
        onRidge |= atBoundary[i];
      }
      // With a parameter at its limit the optimum lies on a ridge and the problem is ill-conditioned:
      // the other parameters are then accepted at the boundary tolerance.
      if (onRidge) {
        tolerance = Math.max(tolerance, BOUNDARY_GRADIENT_TOLERANCE);
      }
      boolean inside = true;
      boolean small = true;
      double maxAbsGradient = 0;
      for (int i = 0; i < theta.length; i++) {
        if (atBoundary[i]) {
          continue;
        }
        maxAbsGradient = Math.max(maxAbsGradient, Math.abs(gradient[i]));
        small &= Math.abs(gradient[i]) <= tolerance;
        inside &= Math.abs(theta[i]) <= LOG_PARAMETER_BOUND;
      }
      return new Attempt(value, gradient, maxAbsGradient, finite, inside, atBoundary, small, tolerance,
          optimiserError);
    }

    boolean converged() {
      return finite && insideBounds && interiorGradientsSmall;
    }

    List<String> boundaryNames(String[] names) {
      List<String> result = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        if (atBoundary[i]) {
          result.add(names[i]);
        }
      }
      return List.copyOf(result);
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
          if (!atBoundary[i] && Math.abs(theta[i]) > LOG_PARAMETER_BOUND) {
            runaway.add(names[i]);
          }
        }
        what = "parameter(s) " + runaway + " ran away to the edge of the parameter space (outside [1e-8, 1e8]),"
            + " so the data do not identify the " + model + " model";
      } else {
        what = String.format(Locale.ROOT,
            "the gradient of the mean log-likelihood is %.3g, above the tolerance %.3g", maxAbsGradient,
            tolerance);
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
