package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Callers;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.SingleRunner;
import io.cruster.sharding.internal.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Persisted notifies end to end on PostgreSQL: {@value #CALLERS} virtual threads each sending
 * {@code client.notify(id, new Record(n))} (a {@code @Public} activity) to {@value #ENTITIES}
 * entities of a {@link SingleRunner} built with {@code .jdbcUrl(url)}; a batch ends when every
 * notify of it has been processed, that is when the entities' committed states count every record
 * of the batch. A notify returns once its request is saved; the entity then runs the activity and
 * commits its state and the request's outcome.
 *
 * <p>A batch is at least {@value #MIN_BATCH} notifies (more than the harness's calibration may ask
 * for when the rate is low): it ends only when the last notify is processed, so filling and
 * draining the pipeline (a group commit's latency at each end) must stay small against the whole
 * batch.
 *
 * <p>The check after each batch reads every entity's committed state (an rpc, no database access)
 * until they add up: the count of records and the sum of their {@code n} both match what was sent,
 * so a lost or doubly applied notify fails the batch instead of passing unnoticed.
 */
final class NotifyCruster implements Workload {
  static final int CALLERS = 256;
  static final int ENTITIES = 1_000;
  static final int MIN_BATCH = 5_000;
  private static final String LABEL = "Cruster persisted notifies";

  /** What an entity has recorded: how many records and the sum of their {@code n}. */
  record Tally(long count, long sum) {}

  /**
   * The notified activity; its {@code n} is unique per notify (1, 2, 3, ... over the whole run).
   */
  @Public
  record Record(long n) implements Activity<Long> {}

  record GetTally() implements Rpc<Tally> {}

  private static final GetTally GET_TALLY = new GetTally();

  private final SingleRunner runner;
  private final EntityClient tallies;
  private final String[] ids = new String[ENTITIES];

  /**
   * Counted down by the activity handler; the harness's thread waits for it before checking the
   * states.
   */
  private volatile CountDownLatch handled = new CountDownLatch(0);

  /** Notifies sent so far (their n are 1..sent). */
  private long sent;

  private String lastBatch = "";

  private NotifyCruster(String jdbcUrl) {
    for (int i = 0; i < ENTITIES; i++) {
      ids[i] = "tally-" + i;
    }
    runner = SingleRunner.builder().jdbcUrl(jdbcUrl).build();
    try {
      tallies = runner.register(type(() -> handled.countDown()));
      runner.start();
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  /** A workload on the database at {@code jdbcUrl} (the runner applies its migrations there). */
  static NotifyCruster open(String jdbcUrl) {
    return new NotifyCruster(jdbcUrl);
  }

  private static EntityType<Tally> type(Runnable onHandled) {
    return EntityType.define("Tally", Tally.class)
        .init(ctx -> new Tally(0, 0))
        .activity(
            Record.class,
            (ctx, m) -> {
              Tally t = ctx.state();
              ctx.setState(new Tally(t.count() + 1, t.sum() + m.n()));
              onHandled.run();
              return t.count() + 1;
            })
        .rpc(GetTally.class, (ctx, m) -> ctx.state())
        .build();
  }

  /**
   * The bytes of one notify's payload as Cruster stores it (its serializer's encoding of a {@code
   * Record}).
   */
  static int payloadBytes() {
    return Models.of(type(() -> {})).serializer().toBytes(new Record(1_000_000)).length;
  }

  @Override
  public Sample run(long requested) {
    long n = Math.max(requested, MIN_BATCH);
    long base = sent;
    sent += n;
    handled = new CountDownLatch(Math.toIntExact(n));
    long start = System.nanoTime();
    Callers.run(
        CALLERS,
        n,
        (caller, seq) ->
            tallies.notify(ids[(int) ((base + seq) % ENTITIES)], new Record(base + seq + 1)),
        LABEL);
    long saved = System.nanoTime();
    Await.latch(handled, Await.BATCH, LABEL + ": activities of the batch");
    awaitCommitted(sent, sent * (sent + 1) / 2, start);
    long elapsed = System.nanoTime() - start;
    lastBatch =
        String.format(
            Locale.ROOT,
            "last batch: %,d notifies saved in %.0f ms, all processed after %.0f ms",
            n,
            (saved - start) / 1e6,
            elapsed / 1e6);
    return Sample.of(n, elapsed);
  }

  /**
   * Waits until the committed states count {@code count} records summing to {@code sum}; fails on
   * more, or in time.
   */
  private void awaitCommitted(long count, long sum, long start) {
    long deadline = start + Await.BATCH.toNanos();
    while (true) {
      List<CompletableFuture<Tally>> states = new ArrayList<>(ENTITIES);
      for (String id : ids) {
        states.add(tallies.callAsync(id, GET_TALLY));
      }
      long c = 0;
      long s = 0;
      for (CompletableFuture<Tally> f : states) {
        Tally t = Await.future(f, Await.SYSTEM, LABEL + ": GetTally");
        c += t.count();
        s += t.sum();
      }
      if (c == count && s == sum) {
        return;
      }
      if (c > count || s > sum || System.nanoTime() > deadline) {
        throw new ScenarioFailedException(
            String.format(
                Locale.ROOT,
                "%s: the entities recorded %,d notifies (sum of n %,d) after %,d were sent (sum %,d)%s",
                LABEL,
                c,
                s,
                count,
                sum,
                c > count || s > sum
                    ? ": some were applied twice"
                    : " and " + Await.BATCH.toSeconds() + " s: some were lost"));
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ScenarioFailedException(LABEL + ": interrupted");
      }
    }
  }

  @Override
  public void close() {
    System.err.print("(" + lastBatch + ") ");
    runner.close();
  }
}
