package io.cruster.testkit;

/** What {@link TestProbe#fishForMessage} does with each message it sees. */
public enum FishingOutcome {
  /** Keep this message in the result and fish on. */
  CONTINUE,
  /** Drop this message and fish on. */
  CONTINUE_AND_IGNORE,
  /** Keep this message and stop fishing: the result is complete. */
  COMPLETE,
  /** The message is wrong: fail the test. */
  FAIL
}
