package io.github.customertiers.pipeline.tiers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.customertiers.pipeline.cluster.SegmentModel;
import java.io.Serializable;
import java.util.Map;

/**
 * The model that decided the tiers of active buyers on one date: the k-means clustering
 * ({@link SegmentModel}) and the tier lines with their band ({@link TierLines}). Saved beside the
 * segments as {@code _model.json} and read back by the next date (warm start, carried lines), the
 * report and {@code tiers show}.
 *
 * <p>The JSON is flat, as it was when the lines sat inside the segment model: the segment model's
 * keys with {@code "lines"} after {@code "sampleSize"}, so models published before this record
 * existed read unchanged, and a model without lines reads with {@code lines} null.
 *
 * @param clusters how active buyers were clustered (k, scaling, centroids, the tier of each cluster)
 * @param lines the lines and band that decided vip, key and ordinary; null only in models saved without them
 */
public record TierModel(SegmentModel clusters, TierLines lines) implements Serializable {
  private static final String LINES = "lines";
  private static final String LINES_AFTER = "sampleSize";
  /** Only converts between the record and a tree; the caller's mapper writes and reads the text. */
  private static final ObjectMapper TREE = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The saved form: the segment model's keys with {@code "lines"} in its place. */
  @JsonValue
  ObjectNode toJson() {
    ObjectNode clustersNode = TREE.valueToTree(clusters);
    ObjectNode out = TREE.createObjectNode();
    boolean placed = false;
    for (Map.Entry<String, JsonNode> field : clustersNode.properties()) {
      out.set(field.getKey(), field.getValue());
      if (field.getKey().equals(LINES_AFTER)) {
        out.set(LINES, TREE.valueToTree(lines));
        placed = true;
      }
    }
    if (!placed) {
      out.set(LINES, TREE.valueToTree(lines));
    }
    return out;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static TierModel fromJson(ObjectNode json) {
    try {
      JsonNode linesNode = json.get(LINES);
      TierLines lines = linesNode == null || linesNode.isNull() ? null : TREE.treeToValue(linesNode, TierLines.class);
      ObjectNode rest = json.deepCopy();
      rest.remove(LINES);
      return new TierModel(TREE.treeToValue(rest, SegmentModel.class), lines);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a tier model (_model.json): " + e.getOriginalMessage(), e);
    }
  }
}
