package io.cruster.benchmarks;

/**
 * A scenario did not complete as it should (a bounded wait ran out, a count was wrong, a system
 * failed).
 */
final class ScenarioFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ScenarioFailedException(String message) {
    super(message);
  }

  ScenarioFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
