package io.github.customertiers.jobs;

/** Process exit codes of the tiers command (documented in docs/OPERATIONS.md). */
public final class ExitCode {
  public static final int OK = 0;
  /** Internal error: a bug or an environment failure; the message says what failed. */
  public static final int INTERNAL_ERROR = 1;
  /** Bad command line or configuration. */
  public static final int USAGE = 2;
  /** An input is missing: the export may not be delivered yet; retry later. */
  public static final int INPUT_NOT_READY = 3;
  /** An input is invalid (layout, encoding, quality thresholds); fix the input, then rerun. */
  public static final int INVALID_INPUT = 4;
  /** Another run holds the lock of this date. */
  public static final int LOCK_HELD = 5;
  /** Some dates of a range failed; the others were published. */
  public static final int SOME_DATES_FAILED = 6;
  /** The run refused to publish an empty result (0 customers). */
  public static final int EMPTY_RESULT = 7;
  /** Refused to publish a date whose unexplained tier changes exceed quality.max_unexplained_tier_changes. */
  public static final int TIER_CHANGES_REFUSED = 8;
  /** Interrupted by Ctrl-C (SIGINT, 128 + 2): jobs cancelled, locks released, nothing published. */
  public static final int INTERRUPTED = 130;
  /**
   * Terminated by SIGTERM (128 + 15), as schedulers stop a job: jobs cancelled, locks released,
   * nothing published. The JVM sets it when it exits on the signal.
   */
  public static final int TERMINATED = 143;

  private ExitCode() {}
}
