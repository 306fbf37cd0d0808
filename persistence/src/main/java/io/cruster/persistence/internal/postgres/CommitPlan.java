package io.cruster.persistence.internal.postgres;

import io.cruster.actors.EntityAddress;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.DeferredWrite;
import io.cruster.persistence.spi.ExecutionUpdate;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.StateWrite;
import io.cruster.persistence.spi.TimerRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The writes of several commits, in arrival order, reduced so that each table takes one multi-row
 * statement with every key at most once, and the result equals applying the commits one after
 * another:
 *
 * <ul>
 *   <li>state writes: the k-th write of one entity goes in round k (round after round keeps their
 *       order; almost always there is one round);
 *   <li>replies: the first reply to a request wins, later ones are dropped;
 *   <li>deferred writes of one slot fold into one: a first resolve becomes insert-if-empty, a
 *       resolve after a clear becomes overwrite, a clear at the end becomes delete, and a resolve
 *       of a slot already resolved in the sequence is a no-op;
 *   <li>timers: per id the last operation wins (each commit adds before it deletes);
 *   <li>execution status changes: per execution the last one wins.
 * </ul>
 *
 * Journal entries are kept as they are: a step twice is a conflict the database reports. Immutable
 * once built; not shared between threads.
 */
final class CommitPlan {
  /** A deferred slot. */
  record Slot(EntityAddress address, String name) {}

  final List<List<StateWrite>> stateRounds = new ArrayList<>();
  final List<JournalEntry> journal = new ArrayList<>();
  final List<ReplyRecord> replies;

  /** Resolve only if the slot is empty (first wins). */
  final List<DeferredWrite> resolves = new ArrayList<>();

  /** Resolve whatever the slot holds (it was cleared earlier in the sequence). */
  final List<DeferredWrite> overwrites = new ArrayList<>();

  final List<Slot> clears = new ArrayList<>();
  final List<TimerRecord> timerPuts = new ArrayList<>();
  final List<String> timerDeletes = new ArrayList<>();

  /** Status changes of live executions, the last one per execution. */
  final List<ExecutionUpdate> executions = new ArrayList<>();

  /** Failure replies (first reply wins, also against {@link #replies}). */
  final List<ReplyRecord> failures = new ArrayList<>();

  /** Fencing tokens by shard, then epoch: the order their shards' epoch rows are locked in. */
  static final Comparator<FencingToken> SHARD_ORDER =
      Comparator.comparing((FencingToken t) -> t.shard().group())
          .thenComparingInt(t -> t.shard().id())
          .thenComparingLong(FencingToken::epoch);

  /** The distinct fencing tokens of the commits, sorted by shard (the order rows are locked in). */
  final List<FencingToken> fences = new ArrayList<>();

  private CommitPlan(List<ReplyRecord> replies) {
    this.replies = replies;
  }

  static CommitPlan of(List<Commit> commits) {
    Map<String, ReplyRecord> firstReplies = new LinkedHashMap<>();
    Map<Slot, DeferredWrite> slots = new LinkedHashMap<>();
    Map<Slot, Boolean> overwriting = new HashMap<>();
    Map<String, Optional<TimerRecord>> timers = new LinkedHashMap<>();
    Map<EntityAddress, Integer> stateCounts = new HashMap<>();
    List<JournalEntry> journal = new ArrayList<>();
    List<List<StateWrite>> rounds = new ArrayList<>();
    Map<String, ExecutionUpdate> executions = new LinkedHashMap<>();
    Map<String, ReplyRecord> firstFailures = new LinkedHashMap<>();
    Set<FencingToken> fences = new HashSet<>();

    for (Commit commit : commits) {
      commit
          .state()
          .ifPresent(
              write -> {
                int round = stateCounts.merge(write.address(), 1, Integer::sum) - 1;
                if (round == rounds.size()) {
                  rounds.add(new ArrayList<>());
                }
                rounds.get(round).add(write);
              });
      journal.addAll(commit.journal());
      commit.replies().forEach(reply -> firstReplies.putIfAbsent(reply.requestId(), reply));
      commit.failures().forEach(f -> firstFailures.putIfAbsent(f.requestId(), f));
      commit.fence().ifPresent(fences::add);
      for (DeferredWrite write : commit.deferreds()) {
        Slot slot = new Slot(write.address(), write.name());
        DeferredWrite folded = slots.get(slot);
        if (write.value().isEmpty() || folded == null) {
          slots.put(slot, write);
          overwriting.put(slot, false);
        } else if (folded.value().isEmpty()) {
          slots.put(slot, write);
          overwriting.put(slot, true);
        }
        // else: the slot holds a value resolved earlier in the sequence, and the first wins.
      }
      commit.timers().forEach(timer -> timers.put(timer.timerId(), Optional.of(timer)));
      commit.deletedTimers().forEach(timerId -> timers.put(timerId, Optional.empty()));
      commit.executions().forEach(u -> executions.put(u.executionId(), u));
    }

    CommitPlan plan = new CommitPlan(List.copyOf(firstReplies.values()));
    plan.stateRounds.addAll(rounds);
    firstFailures.values().stream()
        .filter(f -> !firstReplies.containsKey(f.requestId()))
        .forEach(plan.failures::add);
    fences.stream().sorted(SHARD_ORDER).forEach(plan.fences::add);
    plan.journal.addAll(journal);
    slots.forEach(
        (slot, write) -> {
          if (write.value().isEmpty()) {
            plan.clears.add(slot);
          } else if (overwriting.get(slot)) {
            plan.overwrites.add(write);
          } else {
            plan.resolves.add(write);
          }
        });
    plan.executions.addAll(executions.values());
    timers.forEach(
        (timerId, timer) ->
            timer.ifPresentOrElse(plan.timerPuts::add, () -> plan.timerDeletes.add(timerId)));
    return plan;
  }
}
