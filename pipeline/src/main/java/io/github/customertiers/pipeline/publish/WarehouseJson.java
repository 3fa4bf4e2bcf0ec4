package io.github.customertiers.pipeline.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON mapper of the warehouse's files (manifests, models): written by the run, read back
 * by {@code tiers published}, the report and the customer lookup.
 */
public final class WarehouseJson {
  private static final ObjectMapper JSON = new ObjectMapper()
      .findAndRegisterModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private WarehouseJson() {}

  public static ObjectMapper mapper() {
    return JSON;
  }
}
