package io.cruster.benchmarks.peer.restate;

import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.VirtualObject;
import dev.restate.sdk.common.StateKey;
import io.cruster.benchmarks.peer.Probe;

/**
 * The tally of the durable benchmarks as a Restate virtual object: the message is a one-way call to
 * {@code record} on the object of its key, which counts and sums into the object's state.
 */
@VirtualObject
public class Tally {
  private static final StateKey<Long> COUNT = StateKey.of("count", Long.class);
  private static final StateKey<Long> SUM = StateKey.of("sum", Long.class);

  @Handler
  public void record(ObjectContext ctx, long n) {
    ctx.set(COUNT, ctx.get(COUNT).orElse(0L) + 1);
    ctx.set(SUM, ctx.get(SUM).orElse(0L) + n);
    Probe.handled();
  }
}
