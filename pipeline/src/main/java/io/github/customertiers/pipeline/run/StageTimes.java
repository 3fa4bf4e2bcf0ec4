package io.github.customertiers.pipeline.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Wall time of each stage of one date, in run order, each printed as it ends. */
final class StageTimes {
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private final Consumer<String> progress;
  private long lastNanos = System.nanoTime();

  StageTimes(Consumer<String> progress) {
    this.progress = progress;
  }

  /** Records a stage timed elsewhere (the ingest, shared by the dates of a range). */
  void record(String stage, long stageMillis) {
    millis.put(stage, stageMillis);
  }

  /** Ends {@code stage}: its time is the time since the previous lap (or since construction). */
  void lap(String stage) {
    long now = System.nanoTime();
    millis.put(stage, (now - lastNanos) / 1_000_000);
    progress.accept(String.format(Locale.ROOT, "  %s done in %.1f s", stage, (now - lastNanos) / 1e9));
    lastNanos = now;
  }

  Map<String, Long> snapshot() {
    return new LinkedHashMap<>(millis);
  }
}
