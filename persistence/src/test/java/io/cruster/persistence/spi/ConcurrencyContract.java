package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.entry;
import static io.cruster.persistence.spi.Fixtures.request;
import static io.cruster.persistence.spi.Fixtures.state;
import static io.cruster.persistence.spi.Fixtures.stateCommit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.StorageException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The storage under many virtual threads at once: no lost writes, one winner per conflict. */
abstract class ConcurrencyContract extends ContractBase {
  private static final int THREADS = 16;
  private static final int ROUNDS = 300;

  /**
   * Runs {@code task(i)} for i in [0, THREADS) on virtual threads released together; returns the
   * results.
   */
  private static <T> List<T> onAllAtOnce(IntFunction<Callable<T>> task) throws Exception {
    return raceRounds(1, (round, t) -> task.apply(t)).get(0);
  }

  private static <T> List<List<T>> raceRounds(RoundTask<T> task) throws Exception {
    return raceRounds(ROUNDS, task);
  }

  /**
   * Runs {@code rounds} races: in each, THREADS virtual threads wait at a barrier, then all run
   * {@code task(round, thread)} at once. Returns the results by round, then by thread.
   */
  private static <T> List<List<T>> raceRounds(int rounds, RoundTask<T> task) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(THREADS);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        int t = i;
        futures.add(
            executor.submit(
                () -> {
                  List<T> results = new ArrayList<>();
                  for (int round = 0; round < rounds; round++) {
                    Callable<T> body = task.body(round, t);
                    barrier.await(60, TimeUnit.SECONDS);
                    results.add(body.call());
                  }
                  return results;
                }));
      }
      List<List<T>> byThread = new ArrayList<>();
      for (Future<List<T>> future : futures) {
        byThread.add(future.get(60, TimeUnit.SECONDS));
      }
      List<List<T>> byRound = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        List<T> results = new ArrayList<>();
        for (List<T> threadResults : byThread) {
          results.add(threadResults.get(round));
        }
        byRound.add(results);
      }
      return byRound;
    }
  }

  /** The work of one thread in one round of a race. */
  private interface RoundTask<T> {
    Callable<T> body(int round, int thread);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void concurrentCommitsOnDistinctEntitiesAreAllApplied() throws Exception {
    int commits = 200;

    onAllAtOnce(
        t ->
            () -> {
              EntityAddress address = new EntityAddress("Worker", "worker-" + t);
              for (int version = 1; version <= commits; version++) {
                storage.commit(
                    Commit.builder()
                        .state(new StateWrite(address, state("v" + version, version)))
                        .journal(entry("exec-" + t, version))
                        .build());
              }
              return t;
            });

    for (int t = 0; t < THREADS; t++) {
      EntityAddress address = new EntityAddress("Worker", "worker-" + t);
      assertEquals(Optional.of(state("v" + commits, commits)), storage.states().load(address));
      List<JournalEntry> entries = storage.journal().entries("exec-" + t);
      assertEquals(commits, entries.size());
      for (int step = 1; step <= commits; step++) {
        assertEquals(entry("exec-" + t, step), entries.get(step - 1));
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentSavesOfOneDedupeKeySaveExactlyOnce() throws Exception {
    List<List<SaveOutcome>> rounds =
        raceRounds(
            (round, t) ->
                () ->
                    storage
                        .messages()
                        .save(request("r-" + round + "-" + t, COUNTER_1, "order-" + round)));

    for (int round = 0; round < ROUNDS; round++) {
      List<SaveOutcome> outcomes = rounds.get(round);
      List<SaveOutcome> saved =
          outcomes.stream().filter(o -> o instanceof SaveOutcome.Saved).toList();
      assertEquals(1, saved.size(), "round " + round + ": " + outcomes);
      String winner = "r-" + round + "-" + outcomes.indexOf(saved.get(0));
      Set<String> existing = new HashSet<>();
      for (SaveOutcome outcome : outcomes) {
        if (outcome instanceof SaveOutcome.Duplicate duplicate) {
          existing.add(duplicate.existing().request().requestId());
        }
      }
      assertEquals(Set.of(winner), existing, "round " + round);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void ofConcurrentCommitsOfTheSameNextVersionExactlyOneWins() throws Exception {
    List<List<Integer>> rounds =
        raceRounds(
            (round, t) ->
                () -> {
                  try {
                    storage.commit(
                        stateCommit(
                            new EntityAddress("Counter", "c-" + round), state("writer " + t, 1)));
                    return t;
                  } catch (StorageException e) {
                    return -1;
                  }
                });

    for (int round = 0; round < ROUNDS; round++) {
      List<Integer> winners = rounds.get(round).stream().filter(t -> t >= 0).toList();
      assertEquals(1, winners.size(), "round " + round + ": " + rounds.get(round));
      assertEquals(
          Optional.of(state("writer " + winners.get(0), 1)),
          storage.states().load(new EntityAddress("Counter", "c-" + round)));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void ofConcurrentResolvesOfOneDeferredExactlyOneWins() throws Exception {
    List<List<Boolean>> rounds =
        raceRounds(
            (round, t) ->
                () ->
                    storage
                        .deferreds()
                        .resolve(COUNTER_1, "approval-" + round, bytes("value " + t)));

    for (int round = 0; round < ROUNDS; round++) {
      List<Boolean> resolved = rounds.get(round);
      assertEquals(1, resolved.stream().filter(r -> r).count(), "round " + round + ": " + resolved);
      assertArrayEquals(
          bytes("value " + resolved.indexOf(true)),
          storage.deferreds().get(COUNTER_1, "approval-" + round).orElseThrow());
    }
  }
}
