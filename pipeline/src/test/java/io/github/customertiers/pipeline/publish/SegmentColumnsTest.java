package io.github.customertiers.pipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customertiers.pipeline.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class SegmentColumnsTest {
  @Test
  void theDeprecatedInteractionsColumnIsACopyOfTheNewOneAndComesLast(SparkSession spark) {
    // A table with every non-deprecated published column, each a distinct number (its position).
    List<String> current = SegmentColumns.SEGMENT.stream().filter(c -> !SegmentColumns.DEPRECATED.containsKey(c)).toList();
    List<StructField> fields = new ArrayList<>();
    Object[] values = new Object[current.size()];
    for (int i = 0; i < current.size(); i++) {
      fields.add(DataTypes.createStructField(current.get(i), DataTypes.LongType, true));
      values[i] = (long) i;
    }
    Dataset<Row> table = spark.createDataFrame(List.of(RowFactory.create(values)), DataTypes.createStructType(fields));

    Dataset<Row> published = table.select(SegmentColumns.segmentSelection());

    assertThat(List.of(published.columns())).isEqualTo(SegmentColumns.SEGMENT);
    Row row = published.first();
    assertThat(row.<Long>getAs("interactions_90d")).as("same value as interactions_recent")
        .isEqualTo(row.<Long>getAs(SegmentColumns.INTERACTIONS_RECENT))
        .isEqualTo((long) current.indexOf(SegmentColumns.INTERACTIONS_RECENT));
    assertThat(SegmentColumns.SEGMENT.getLast()).isEqualTo("interactions_90d");
    assertThat(SegmentColumns.EXPORT.getLast()).isEqualTo("interactions_90d");
    // interactions_90d was the 16th column of the tier files before the rename.
    assertThat(SegmentColumns.EXPORT.indexOf(SegmentColumns.INTERACTIONS_RECENT)).as("the new name where the old one was")
        .isEqualTo(15);
  }

  @Test
  void readersFindTheInteractionsOfTablesPublishedBeforeTheRename() {
    StructType old = new StructType().add("customer_id", DataTypes.StringType).add("interactions_90d", DataTypes.LongType);
    StructType now = old.add(SegmentColumns.INTERACTIONS_RECENT, DataTypes.LongType);
    assertThat(SegmentColumns.interactionsIn(old)).isEqualTo("interactions_90d");
    assertThat(SegmentColumns.interactionsIn(now)).isEqualTo(SegmentColumns.INTERACTIONS_RECENT);
  }

  @Test
  void everyExportColumnIsDeclaredForTheDictionary() {
    assertThat(SegmentColumns.EXPORT).allSatisfy(c -> assertThat(ExportColumns.ALL).containsKey(c));
    assertThat(ExportColumns.dictionary(SegmentColumns.EXPORT)).contains("interactions_90d,").contains("deprecated");
  }
}
