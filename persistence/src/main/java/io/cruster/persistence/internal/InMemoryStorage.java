package io.cruster.persistence.internal;

import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.DeferredStore;
import io.cruster.persistence.spi.ExecutionStore;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.MessageStorage;
import io.cruster.persistence.spi.StateStore;
import io.cruster.persistence.spi.Storage;
import io.cruster.persistence.spi.TimerStore;
import io.cruster.persistence.spi.WorkflowJournal;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Storage} held in memory, for tests and the test cluster; nothing survives the JVM.
 * Thread-safe: all tables are guarded by one {@link Guard} lock, so a commit checks everything,
 * then applies everything, without any reader seeing half of it. Writes are "durable" as soon as
 * they return. Arrays are stored as given, not copied (see the SPI). Done requests are kept for
 * de-duplication until the storage is dropped.
 *
 * <p>Every time it needs comes from its callers; the clock is kept for operations that will need
 * "now".
 */
public final class InMemoryStorage implements Storage {
  private final Clock clock;
  private final Guard guard = new Guard();
  private final Map<ShardId, Long> epochs = new HashMap<>(); // guarded by guard
  private final InMemoryMessages messages =
      new InMemoryMessages(guard, shard -> epochs.getOrDefault(shard, 0L));
  private final InMemoryStates states = new InMemoryStates(guard);
  private final InMemoryJournal journal = new InMemoryJournal(guard);
  private final InMemoryDeferreds deferreds = new InMemoryDeferreds(guard);
  private final InMemoryTimers timers = new InMemoryTimers(guard);
  private final InMemoryExecutions executions;

  /** A fresh, empty storage reading {@code clock} when it needs the current time. Never blocks. */
  public InMemoryStorage(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executions =
        new InMemoryExecutions(
            guard, clock, messages, journal, timers, deferreds, this::checkFence);
    messages.attach(executions);
  }

  /** The clock this storage was created with. Never blocks; thread-safe. */
  public Clock clock() {
    return clock;
  }

  /** {@inheritDoc} Throws once the storage is closed. */
  @Override
  public MessageStorage messages() {
    guard.ensureOpen();
    return messages;
  }

  /** {@inheritDoc} Throws once the storage is closed. */
  @Override
  public StateStore states() {
    guard.ensureOpen();
    return states;
  }

  /** {@inheritDoc} Throws once the storage is closed. */
  @Override
  public WorkflowJournal journal() {
    guard.ensureOpen();
    return journal;
  }

  /** {@inheritDoc} Throws once the storage is closed. */
  @Override
  public DeferredStore deferreds() {
    guard.ensureOpen();
    return deferreds;
  }

  /** {@inheritDoc} Throws once the storage is closed. */
  @Override
  public TimerStore timers() {
    guard.ensureOpen();
    return timers;
  }

  /** {@inheritDoc} Throws once the storage is closed. */
  @Override
  public ExecutionStore executions() {
    guard.ensureOpen();
    return executions;
  }

  /** {@inheritDoc} Holds the storage's lock for the whole commit. */
  @Override
  public void commit(Commit commit) {
    Objects.requireNonNull(commit, "commit");
    guard.run(
        () -> {
          // Every check runs before the first write, and no write below can fail: all or nothing.
          commit.fence().ifPresent(this::checkFence);
          commit.state().ifPresent(states::check);
          journal.check(commit.journal());
          commit.state().ifPresent(states::put);
          journal.append(commit.journal());
          commit.replies().forEach(messages::complete);
          commit.failures().forEach(messages::failIfKnown);
          commit.deferreds().forEach(deferreds::apply);
          commit.timers().forEach(timers::put);
          commit.deletedTimers().forEach(timers::delete);
          executions.apply(commit.executions());
        });
  }

  private void checkFence(FencingToken token) {
    long current = epochs.getOrDefault(token.shard(), 0L);
    if (current != token.epoch()) {
      throw Fencing.refused(token, current);
    }
  }

  /** {@inheritDoc} Holds the storage's lock: no commit runs meanwhile. */
  @Override
  public List<FencingToken> fenceShards(Collection<ShardId> shards) {
    Objects.requireNonNull(shards, "shards");
    return guard.call(
        () -> {
          Map<ShardId, FencingToken> issued = new LinkedHashMap<>();
          for (ShardId shard : shards) {
            Objects.requireNonNull(shard, "shards element");
            issued.computeIfAbsent(shard, s -> new FencingToken(s, epochs.merge(s, 1L, Long::sum)));
          }
          return shards.stream().map(issued::get).toList();
        });
  }

  /** {@inheritDoc} */
  @Override
  public void close() {
    guard.close();
  }
}
