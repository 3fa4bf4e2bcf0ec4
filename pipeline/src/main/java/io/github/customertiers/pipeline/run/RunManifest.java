package io.github.customertiers.pipeline.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.customertiers.pipeline.publish.WarehouseJson;

/**
 * Writes a {@link RunResult} as {@code _manifest.json} (typed as {@link ManifestDocument}) and the
 * tier model as {@code _model.json}, with the warehouse's one mapper.
 */
public final class RunManifest {
  private static final ObjectMapper JSON = WarehouseJson.mapper();

  private RunManifest() {}

  /** The run's manifest: the result as {@link ManifestDocument}, snake_case keys. */
  public static String manifestJson(RunResult r) {
    return write(ManifestDocument.of(r));
  }

  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  public static ObjectMapper mapper() {
    return JSON;
  }
}
