package io.github.customertiers.pipeline.spark;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Named points where fault tests interfere with a real run; inert unless a system property asks:
 * <ul>
 *   <li>{@code customertiers.pauseAt=<point>}: the driver prints {@code PAUSED <point>} to stderr
 *       and sleeps, so a test can {@code kill -9} the process at exactly that point;</li>
 *   <li>{@code customertiers.failTask=<point>:once|always}: a task running that point throws, on
 *       its first attempt only or on every attempt (executors in local mode share the property).</li>
 * </ul>
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

  /** Throws inside a task when {@code customertiers.failTask} names this point. */
  public static void failTask(String point) {
    String setting = System.getProperty("customertiers.failTask");
    if (setting == null || !setting.startsWith(point + ":")) {
      return;
    }
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    boolean always = setting.endsWith(":always");
    if (always || (task != null && task.attemptNumber() == 0)) {
      throw new IllegalStateException("customertiers fault injection: task failure at " + point
          + (task == null ? "" : " (attempt " + task.attemptNumber() + ")"));
    }
  }
}
