package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_2;
import static io.cruster.persistence.spi.Fixtures.at;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.entry;
import static io.cruster.persistence.spi.Fixtures.failureReply;
import static io.cruster.persistence.spi.Fixtures.reply;
import static io.cruster.persistence.spi.Fixtures.request;
import static io.cruster.persistence.spi.Fixtures.state;
import static io.cruster.persistence.spi.Fixtures.timer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import io.cruster.persistence.FencedException;
import io.cruster.persistence.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of fencing: {@link Storage#fenceShards} begins a new epoch of a shard, and a commit
 * carrying an older token of it is refused, retryably, with nothing of it applied.
 */
abstract class FencingContract extends ContractBase {

  private static Commit.Builder everything(String requestId, String executionId, long version) {
    return Commit.builder()
        .state(new StateWrite(COUNTER_1, state("v" + version, version)))
        .journal(entry(executionId, 1))
        .reply(reply(requestId, "done"))
        .deferred(DeferredWrite.resolve(COUNTER_1, "slot-" + executionId, bytes("x")))
        .timer(timer("timer-" + executionId, COUNTER_1, SHARD_1, at(9)));
  }

  @Test
  void firstEpochOfAShardIsOneAndEachFencingAddsOne() {
    assertEquals(
        List.of(new FencingToken(SHARD_1, 1), new FencingToken(SHARD_2, 1)),
        storage.fenceShards(List.of(SHARD_1, SHARD_2)));
    assertEquals(List.of(new FencingToken(SHARD_1, 2)), storage.fenceShards(List.of(SHARD_1)));
    assertEquals(
        List.of(new FencingToken(SHARD_2, 2), new FencingToken(SHARD_1, 3)),
        storage.fenceShards(List.of(SHARD_2, SHARD_1)));
  }

  @Test
  void shardNamedTwiceGetsOneNewEpoch() {
    assertEquals(
        List.of(new FencingToken(SHARD_1, 1), new FencingToken(SHARD_1, 1)),
        storage.fenceShards(List.of(SHARD_1, SHARD_1)));
  }

  @Test
  void noShardsNoTokens() {
    assertEquals(List.of(), storage.fenceShards(List.of()));
  }

  @Test
  void commitWithTheCurrentTokenApplies() {
    FencingToken token = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.messages().save(request("r-1"));

    storage.commit(everything("r-1", "exec-1", 1).fence(token).build());

    assertEquals(Optional.of(state("v1", 1)), storage.states().load(COUNTER_1));
    assertEquals(RequestStatus.DONE, storage.messages().find("r-1").orElseThrow().status());
  }

  @Test
  void commitWithAStaleTokenIsRefusedRetryablyAndLeavesNothingBehind() {
    FencingToken old = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.messages().save(request("r-1"));
    FencingToken current = storage.fenceShards(List.of(SHARD_1)).get(0);

    FencedException e =
        assertThrows(
            FencedException.class,
            () -> storage.commit(everything("r-1", "exec-1", 1).fence(old).build()));

    assertTrue(e.isRetryable());
    assertEquals(SHARD_1, e.shard());
    assertEquals(old.epoch(), e.epoch());
    assertEquals(current.epoch(), e.currentEpoch());
    assertTrue(e.getMessage().contains("default/1"), e.getMessage());
    assertEquals(Optional.empty(), storage.states().load(COUNTER_1));
    assertEquals(List.of(), storage.journal().entries("exec-1"));
    assertEquals(RequestStatus.PENDING, storage.messages().find("r-1").orElseThrow().status());
    assertEquals(Optional.empty(), storage.deferreds().get(COUNTER_1, "slot-exec-1"));
    assertEquals(List.of(), storage.timers().forEntity(COUNTER_1));

    storage.commit(everything("r-1", "exec-1", 1).fence(current).build()); // the new owner's
    assertEquals(Optional.of(state("v1", 1)), storage.states().load(COUNTER_1));
  }

  @Test
  void staleFailureOutcomeIsRefusedToo() {
    FencingToken old = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.messages().save(request("r-1"));
    storage.fenceShards(List.of(SHARD_1));

    assertThrows(
        FencedException.class,
        () ->
            storage.commit(
                Commit.builder().failure(failureReply("r-1", "boom")).fence(old).build()));
    assertEquals(RequestStatus.PENDING, storage.messages().find("r-1").orElseThrow().status());
  }

  @Test
  void failureOutcomeInACommitFailsTheRequestAndTheFirstReplyWins() {
    FencingToken token = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.messages().save(request("r-1"));
    storage.messages().save(request("r-2"));

    storage.commit(
        Commit.builder()
            .failure(failureReply("r-1", "boom"))
            .failure(failureReply("unknown", "ignored"))
            .fence(token)
            .build());
    storage.commit(Commit.builder().reply(reply("r-2", "ok")).build());
    storage.commit(Commit.builder().failure(failureReply("r-2", "late")).build());

    RequestState failed = storage.messages().find("r-1").orElseThrow();
    assertEquals(RequestStatus.FAILED, failed.status());
    assertEquals(Optional.of(failureReply("r-1", "boom")), failed.reply());
    assertEquals(RequestStatus.DONE, storage.messages().find("r-2").orElseThrow().status());
  }

  @Test
  void fencedFailureCountWithTheCurrentTokenCountsAndDeadLetters() {
    FencingToken token = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.messages().save(request("r-1"));

    RequestState once = storage.messages().recordFailure("r-1", "boom 1", 2, token);
    RequestState twice = storage.messages().recordFailure("r-1", "boom 2", 2, token);

    assertEquals(RequestStatus.PENDING, once.status());
    assertEquals(1, once.failures());
    assertEquals(RequestStatus.DEAD_LETTER, twice.status());
    assertEquals(Optional.of("boom 2"), twice.lastError());
  }

  @Test
  void staleFailureCountIsRefusedRetryablyAndCountsNothing() {
    FencingToken old = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.messages().save(request("r-1"));
    FencingToken current = storage.fenceShards(List.of(SHARD_1)).get(0);

    FencedException e =
        assertThrows(
            FencedException.class,
            () -> storage.messages().recordFailure("r-1", "stale runner", 1, old));

    assertTrue(e.isRetryable());
    assertEquals(old.epoch(), e.epoch());
    assertEquals(current.epoch(), e.currentEpoch());
    assertTrue(e.getMessage().contains("r-1"), e.getMessage());
    RequestState state = storage.messages().find("r-1").orElseThrow();
    assertEquals(RequestStatus.PENDING, state.status(), "a stale runner cannot dead-letter it");
    assertEquals(0, state.failures());
    assertEquals(Optional.empty(), state.lastError());
    assertEquals(1, storage.messages().recordFailure("r-1", "owner", 3, current).failures());
  }

  @Test
  void failureCountWithATokenThisStorageNeverIssuedIsRefused() {
    storage.messages().save(request("r-1"));

    FencedException e =
        assertThrows(
            FencedException.class,
            () -> storage.messages().recordFailure("r-1", "boom", 3, new FencingToken(SHARD_1, 4)));

    assertEquals(0, e.currentEpoch());
    assertEquals(0, storage.messages().find("r-1").orElseThrow().failures());
  }

  @Test
  void failureCountWithATokenOfAnotherShardIsRefusedAndCountsNothing() {
    storage.messages().save(request("r-1")); // of SHARD_1
    FencingToken other = storage.fenceShards(List.of(SHARD_2)).get(0);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> storage.messages().recordFailure("r-1", "boom", 3, other));

    assertTrue(e.getMessage().contains("r-1"), e.getMessage());
    assertEquals(0, storage.messages().find("r-1").orElseThrow().failures());
  }

  @Test
  void fencedFailureCountOfAnUnknownRequestThrowsATerminalStorageException() {
    FencingToken token = storage.fenceShards(List.of(SHARD_1)).get(0);

    StorageException e =
        assertThrows(
            StorageException.class,
            () -> storage.messages().recordFailure("nope", "boom", 3, token));

    assertFalse(e instanceof FencedException);
    assertFalse(e.isRetryable());
  }

  @Test
  void fencedFailureCountChecksItsArguments() {
    FencingToken token = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.messages().save(request("r-1"));

    assertThrows(
        IllegalArgumentException.class,
        () -> storage.messages().recordFailure("r-1", "boom", 0, token));
    assertThrows(
        NullPointerException.class, () -> storage.messages().recordFailure("r-1", "boom", 3, null));
  }

  @Test
  @Timeout(60)
  void failureCountsRacingANewEpochEitherLandBeforeItOrAreRefused() throws Exception {
    FencingToken old = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.messages().save(request("r-1"));
    AtomicInteger counted = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    try {
                      storage.messages().recordFailure("r-1", "boom", 1000, old);
                      counted.incrementAndGet();
                    } catch (FencedException refused) {
                      // after the new epoch: expected
                    }
                  }
                  return null;
                }));
      }
      storage.fenceShards(List.of(SHARD_1));
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThrows(
        FencedException.class, () -> storage.messages().recordFailure("r-1", "late", 1000, old));
    assertEquals(
        counted.get(),
        storage.messages().find("r-1").orElseThrow().failures(),
        "every count that returned is there, no refused one");
  }

  @Test
  void commitOnlyChecksItsOwnShard() {
    FencingToken one = storage.fenceShards(List.of(SHARD_1)).get(0);
    storage.fenceShards(List.of(SHARD_2));
    storage.fenceShards(List.of(SHARD_2));

    storage.commit(everything("none", "exec-1", 1).fence(one).build());

    assertEquals(Optional.of(state("v1", 1)), storage.states().load(COUNTER_1));
  }

  @Test
  void tokenThisStorageNeverIssuedIsRefused() {
    FencingToken foreign = new FencingToken(new ShardId("default", 77), 5);

    FencedException e =
        assertThrows(
            FencedException.class,
            () -> storage.commit(everything("none", "exec-1", 1).fence(foreign).build()));
    assertEquals(0, e.currentEpoch());
    assertEquals(Optional.empty(), storage.states().load(COUNTER_1));
  }

  @Test
  void unfencedCommitStillApplies() {
    storage.fenceShards(List.of(SHARD_1));
    storage.commit(everything("none", "exec-1", 1).build());
    assertEquals(Optional.of(state("v1", 1)), storage.states().load(COUNTER_1));
  }

  @Test
  void fencingTokenMustHaveAPositiveEpoch() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new FencingToken(SHARD_1, 0));
    assertTrue(e.getMessage().contains("epoch"), e.getMessage());
  }

  @Test
  void nonFailureReplyIsRefusedAsAFailure() {
    assertThrows(IllegalArgumentException.class, () -> Commit.builder().failure(reply("r", "v")));
  }

  @Test
  @Timeout(60)
  void commitsRacingANewEpochEitherLandBeforeItOrAreRefused() throws Exception {
    FencingToken old = storage.fenceShards(List.of(SHARD_1)).get(0);
    int writers = 8;
    int perWriter = 25;
    AtomicInteger landed = new AtomicInteger();
    List<FencingToken> newer = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perWriter; i++) {
                    String execution = "race-" + writer + "-" + i;
                    try {
                      storage.commit(
                          Commit.builder().journal(entry(execution, 1)).fence(old).build());
                      landed.incrementAndGet();
                    } catch (FencedException refused) {
                      // after the new epoch: expected
                    }
                  }
                  return null;
                }));
      }
      newer.add(storage.fenceShards(List.of(SHARD_1)).get(0));
      for (Future<?> f : done) {
        f.get();
      }
    }
    // Whatever landed, landed before the new epoch: a commit with the old token after it fails.
    assertThrows(
        FencedException.class,
        () -> storage.commit(Commit.builder().journal(entry("after", 1)).fence(old).build()));
    int recorded = 0;
    for (int w = 0; w < writers; w++) {
      for (int i = 0; i < perWriter; i++) {
        recorded += storage.journal().entries("race-" + w + "-" + i).size();
      }
    }
    assertEquals(landed.get(), recorded, "every acknowledged commit is there, no refused one");
    assertEquals(2, newer.get(0).epoch());
    assertThrows(NullPointerException.class, () -> storage.fenceShards(null));
  }
}
