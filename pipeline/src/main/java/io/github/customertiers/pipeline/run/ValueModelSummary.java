package io.github.customertiers.pipeline.run;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.customertiers.pipeline.value.BgNbdModel;
import io.github.customertiers.pipeline.value.GammaGammaModel;
import io.github.customertiers.pipeline.value.ModelTimeUnit;
import io.github.customertiers.pipeline.value.ValueModelFit;
import java.util.List;

/**
 * The manifest's {@code value_model} entry: the value model fit of the date (parameters,
 * log-likelihood, customers, time unit; see {@link ValueModelFit}) and the value basis the value
 * score ranked. Written with snake_case keys by the warehouse's one mapper and read back as this
 * record by {@code tiers published}; older manifests wrote the fit's keys in
 * camelCase ({@code timeUnit}, {@code bgNbd}, ...), which are read too (the aliases).
 *
 * @param valueBasis {@code clv} or {@code monetary} ({@link ValueBasis#column()})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValueModelSummary(boolean fitted, String reason, @JsonAlias("bgNbd") BgNbd bgNbd,
    @JsonAlias("gammaGamma") GammaGamma gammaGamma, @JsonAlias("timeUnit") ModelTimeUnit timeUnit, long customers,
    @JsonAlias("repeatBuyers") long repeatBuyers, @JsonAlias("distinctTuples") long distinctTuples,
    @JsonAlias("distinctSpendPairs") long distinctSpendPairs, @JsonAlias("bgNbdSampleFraction") double bgNbdSampleFraction,
    @JsonAlias("gammaGammaSampleFraction") double gammaGammaSampleFraction, @JsonAlias("fitDurationMs") long fitDurationMs,
    List<String> notes, @JsonAlias("populationMeanSpend") Double populationMeanSpend, String valueBasis) {

  public ValueModelSummary {
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  static ValueModelSummary of(ValueModelFit fit, String valueBasis) {
    return new ValueModelSummary(fit.fitted(), fit.reason(), BgNbd.of(fit.bgNbd()), GammaGamma.of(fit.gammaGamma()),
        fit.timeUnit(), fit.customers(), fit.repeatBuyers(), fit.distinctTuples(), fit.distinctSpendPairs(),
        fit.bgNbdSampleFraction(), fit.gammaGammaSampleFraction(), fit.fitDurationMs(), fit.notes(),
        fit.populationMeanSpend(), valueBasis);
  }

  /** The BG/NBD parameters ({@link BgNbdModel}); null when it was not fitted. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BgNbd(double r, double alpha, double a, double b, @JsonAlias("logLikelihood") double logLikelihood,
      long customers, @JsonAlias("timeUnit") ModelTimeUnit timeUnit, int evaluations, boolean converged) {
    static BgNbd of(BgNbdModel m) {
      return m == null ? null
          : new BgNbd(m.r(), m.alpha(), m.a(), m.b(), m.logLikelihood(), m.customers(), m.timeUnit(), m.evaluations(),
              m.converged());
    }
  }

  /** The Gamma-Gamma parameters ({@link GammaGammaModel}); null when it was not fitted. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GammaGamma(double p, double q, double gamma, @JsonAlias("logLikelihood") double logLikelihood,
      long customers, int evaluations, boolean converged) {
    static GammaGamma of(GammaGammaModel m) {
      return m == null ? null
          : new GammaGamma(m.p(), m.q(), m.gamma(), m.logLikelihood(), m.customers(), m.evaluations(), m.converged());
    }
  }
}
