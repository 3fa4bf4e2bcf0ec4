package io.github.customertiers.pipeline.value;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Micro benchmark of the driver-side fits: draws customers from the BG/NBD process with the CDNOW
 * parameters (r = 0.243, alpha = 4.414 weeks, a = 0.793, b = 2.426; first purchases over 12 weeks,
 * observed to week 52, times in whole days) and Gamma-Gamma spend (p = 6.25, q = 3.74, gamma = 15.44,
 * cents), groups them into tuples as the fitter does, and times {@link BgNbdModel#fit} and
 * {@link GammaGammaModel#fit}. Not a test; run it by hand:
 *
 * <pre>
 * mvn -o -q -pl pipeline test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * java -cp pipeline/target/test-classes:pipeline/target/classes:$(cat pipeline/target/test-cp.txt) \
 *     io.github.customertiers.pipeline.value.ValueModelBenchmark [customers] [seed]
 * </pre>
 */
public final class ValueModelBenchmark {

  private static final int RUNS = 3;

  private ValueModelBenchmark() {}

  public static void main(String[] args) {
    int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
    Random random = new Random(seed);

    long simulationStart = System.nanoTime();
    Map<Long, long[]> frequencyCounts = new HashMap<>();
    Map<Long, long[]> spendCounts = new HashMap<>();
    for (int i = 0; i < customers; i++) {
      int firstDay = random.nextInt(84);
      int ageDays = 52 * 7 - firstDay;
      int[] history = BgNbdSimulation.history(random, 0.243, 4.414, 0.793, 2.426, ageDays / 7.0);
      int x = history[0];
      long key = ((long) x << 40) | ((long) history[1] << 20) | ageDays;
      frequencyCounts.computeIfAbsent(key, k -> new long[1])[0]++;
      if (x > 0) {
        double nu = BgNbdSimulation.gamma(random, 3.74) / 15.44;
        long totalCents = 0;
        for (int k = 0; k < x; k++) {
          totalCents += Math.round(100 * BgNbdSimulation.gamma(random, 6.25) / nu);
        }
        // Mean in dollars of whole-cent purchases, as the summary computes it from decimals.
        long spendKey = ((long) x << 40) | totalCents;
        spendCounts.computeIfAbsent(spendKey, k -> new long[1])[0]++;
      }
    }
    FrequencyRecencyTuples.Builder frequency = FrequencyRecencyTuples.builder(frequencyCounts.size());
    frequencyCounts.forEach((key, count) -> frequency.add((int) (key >>> 40), ((key >>> 20) & 0xFFFFF) / 7.0,
        (key & 0xFFFFF) / 7.0, count[0]));
    FrequencyRecencyTuples tuples = frequency.build();
    RepeatSpendTuples.Builder spend = RepeatSpendTuples.builder(spendCounts.size());
    spendCounts.forEach((key, count) -> {
      int x = (int) (key >>> 40);
      spend.add(x, (key & 0xFFFFFFFFFFL) / 100.0 / x, count[0]);
    });
    RepeatSpendTuples pairs = spend.build();
    System.out.printf(Locale.ROOT, "simulated %,d customers (%,d repeat buyers) in %.1f s: %,d distinct (x, t_x, T)"
            + " tuples, %,d distinct (x, mean value) pairs%n", tuples.customers(), tuples.repeatBuyers(),
        (System.nanoTime() - simulationStart) / 1e9, tuples.size(), pairs.size());

    for (int run = 0; run <= RUNS; run++) {
      long start = System.nanoTime();
      BgNbdModel bgNbd = BgNbdModel.fit(tuples, ModelTimeUnit.WEEKS);
      long bgNbdMillis = (System.nanoTime() - start) / 1_000_000;
      start = System.nanoTime();
      GammaGammaModel gammaGamma = GammaGammaModel.fit(pairs);
      long gammaGammaMillis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(Locale.ROOT, "%s: BG/NBD fit %d ms (%d evaluations, %s); Gamma-Gamma fit %d ms"
              + " (%d evaluations, %s)%n", run == 0 ? "warm-up" : "run " + run, bgNbdMillis, bgNbd.evaluations(),
          bgNbd.describe(), gammaGammaMillis, gammaGamma.evaluations(), gammaGamma.describe());
    }
  }
}
