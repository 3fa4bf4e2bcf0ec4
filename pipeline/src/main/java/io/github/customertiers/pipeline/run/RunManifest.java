package io.github.customertiers.pipeline.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.customertiers.pipeline.publish.WarehouseJson;
import io.github.customertiers.pipeline.publish.WarehouseLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a {@link RunResult} as {@code _manifest.json} (typed as {@link ManifestDocument}) and the
 * tier model as {@code _model.json}, with the warehouse's one mapper; {@link #writeBeside} puts
 * them, with the value model's fit, beside a segment table.
 */
public final class RunManifest {
  private static final ObjectMapper JSON = WarehouseJson.mapper();

  private RunManifest() {}

  /** The run's manifest: the result as {@link ManifestDocument}, snake_case keys. */
  public static String manifestJson(RunResult r) {
    return write(ManifestDocument.of(r));
  }

  /**
   * Writes {@code _manifest.json} of {@code r}, {@code _model.json} of its tier model (when it has
   * one) and {@code _value_model.json} ({@code valueModelJson}) into the segment table {@code segmentsDir}.
   */
  static void writeBeside(FileSystem fs, Path segmentsDir, RunResult r, String valueModelJson) throws IOException {
    writeText(fs, WarehouseLayout.manifestIn(segmentsDir), manifestJson(r));
    if (r.model() != null) {
      writeText(fs, WarehouseLayout.segmentModelIn(segmentsDir), write(r.model()));
    }
    writeText(fs, WarehouseLayout.valueModelIn(segmentsDir), valueModelJson);
  }

  private static void writeText(FileSystem fs, Path path, String text) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
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
