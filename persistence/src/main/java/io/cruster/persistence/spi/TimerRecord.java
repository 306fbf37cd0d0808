package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import java.time.Instant;

/**
 * A durable timer of a workflow execution, such as a {@code ctx.sleep}: when it is due, the runtime
 * of its shard resumes the execution at its step. Immutable and thread-safe.
 *
 * @param timerId the id of the timer, unique in the storage; not blank
 * @param address the entity running the workflow
 * @param shard the shard of that entity, which selects who fires it
 * @param executionId the workflow execution it belongs to; not blank
 * @param step the step of the execution that waits for it, from 1
 * @param wakeAt when it is due
 */
public record TimerRecord(
    String timerId,
    EntityAddress address,
    ShardId shard,
    String executionId,
    int step,
    Instant wakeAt) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   * @throws IllegalArgumentException when an id is blank or {@code step} is below 1
   */
  public TimerRecord {
    Checks.nonBlank(timerId, "TimerRecord", "timerId");
    Checks.nonNull(address, "TimerRecord", "address");
    Checks.nonNull(shard, "TimerRecord", "shard");
    Checks.nonBlank(executionId, "TimerRecord", "executionId");
    if (step < 1) {
      throw new IllegalArgumentException(
          "TimerRecord.step must be >= 1, was " + step + " (timer " + timerId + ")");
    }
    Checks.nonNull(wakeAt, "TimerRecord", "wakeAt");
  }
}
