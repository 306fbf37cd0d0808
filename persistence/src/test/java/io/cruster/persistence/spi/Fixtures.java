package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Values for the storage tests. Times are whole seconds, so any store keeps them exactly. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final ShardId SHARD_1 = new ShardId("default", 1);
  static final ShardId SHARD_2 = new ShardId("default", 2);
  static final ShardId SHARD_3 = new ShardId("default", 3);
  static final EntityAddress COUNTER_1 = new EntityAddress("Counter", "counter-1");
  static final EntityAddress COUNTER_2 = new EntityAddress("Counter", "counter-2");

  private Fixtures() {}

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static RequestRecord request(String requestId) {
    return request(requestId, COUNTER_1, requestId);
  }

  static RequestRecord request(String requestId, EntityAddress address, String dedupeKey) {
    return new RequestRecord(
        requestId,
        address,
        SHARD_1,
        "Increment",
        bytes("payload of " + requestId),
        dedupeKey,
        true,
        T0,
        T0);
  }

  static RequestRecord request(
      String requestId, ShardId shard, Instant createdAt, Instant deliverAt) {
    return new RequestRecord(
        requestId,
        new EntityAddress("Counter", "for-" + requestId),
        shard,
        "Increment",
        bytes(requestId),
        requestId,
        false,
        createdAt,
        deliverAt);
  }

  static ReplyRecord reply(String requestId, String value) {
    return new ReplyRecord(requestId, false, bytes(value), at(10));
  }

  static ReplyRecord failureReply(String requestId, String error) {
    return new ReplyRecord(requestId, true, bytes(error), at(10));
  }

  static JournalEntry entry(String executionId, int step) {
    byte[] result = bytes(executionId + "#" + step);
    return new JournalEntry(
        executionId, step, StepKind.ACTIVITY, "Step" + step, result, false, at(step));
  }

  static StoredState state(String value, long version) {
    return StoredState.of(bytes(value), version);
  }

  static StoredState stateWithTrait(String value, String trait, String traitValue, long version) {
    return new StoredState(bytes(value), Map.of(trait, bytes(traitValue)), version);
  }

  static Commit stateCommit(EntityAddress address, StoredState state) {
    return Commit.builder().state(new StateWrite(address, state)).build();
  }

  static TimerRecord timer(String timerId, EntityAddress address, ShardId shard, Instant wakeAt) {
    return new TimerRecord(timerId, address, shard, "exec-" + timerId, 1, wakeAt);
  }
}
