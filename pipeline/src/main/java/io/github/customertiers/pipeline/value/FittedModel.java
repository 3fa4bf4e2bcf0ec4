package io.github.customertiers.pipeline.value;

import java.util.List;
import java.util.Objects;

/**
 * A fitted model and the parameters the fit accepted at their limit (for example BG/NBD a -> 0 when
 * no dropout is seen): the model is then the limiting model, which the run records as a note.
 *
 * @param model the fitted model
 * @param parametersAtLimit names of the parameters at their limit; empty for an interior optimum
 */
public record FittedModel<M>(M model, List<String> parametersAtLimit) {

  public FittedModel {
    Objects.requireNonNull(model, "model");
    parametersAtLimit = List.copyOf(parametersAtLimit);
  }

  /** True when some parameter is at its limit. */
  public boolean atLimit() {
    return !parametersAtLimit.isEmpty();
  }
}
