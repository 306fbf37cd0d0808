package io.cruster.benchmarks.peer;

/**
 * A scenario did not complete as it should (a bounded wait ran out, a count was wrong, a system
 * failed).
 */
public final class ScenarioFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioFailedException(String message) {
    super(message);
  }

  public ScenarioFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
