package io.github.customertiers.pipeline.value;

/**
 * A value model could not be fitted: the data cannot identify the parameters (for example nobody
 * made a repeat purchase) or the optimiser did not converge. The message names the model, what
 * failed and the values involved.
 */
public class ValueModelFitException extends RuntimeException {

  public ValueModelFitException(String message) {
    super(message);
  }

  public ValueModelFitException(String message, Throwable cause) {
    super(message, cause);
  }
}
