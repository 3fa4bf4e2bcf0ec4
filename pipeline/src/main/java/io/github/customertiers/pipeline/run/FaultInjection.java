package io.github.customertiers.pipeline.run;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Named points where crash tests stop a real run: with the system property
 * {@code customertiers.pauseAt=<point>} the run prints {@code PAUSED <point>} to stderr and sleeps,
 * so a test can {@code kill -9} the process at exactly that point. Inert otherwise.
 */
public final class FaultInjection {
  private static final Logger LOG = LogManager.getLogger(FaultInjection.class);

  private FaultInjection() {}

  public static void pause(String point) {
    if (point.equals(System.getProperty("customertiers.pauseAt"))) {
      System.err.println("PAUSED " + point);
      System.err.flush();
      LOG.warn("paused at {} for a fault-injection test", point);
      try {
        Thread.sleep(600_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
