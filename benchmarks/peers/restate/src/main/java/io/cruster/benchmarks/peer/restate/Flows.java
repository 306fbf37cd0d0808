package io.cruster.benchmarks.peer.restate;

import dev.restate.sdk.Context;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Service;
import io.cruster.benchmarks.peer.Probe;
import java.time.Duration;

/**
 * The flow and the nap of the durable benchmarks as handlers of a Restate service: each step a
 * {@code ctx.run} (journaled by the server before the handler goes on), the nap a {@code ctx.sleep}
 * (a timer of the server).
 */
@Service
public class Flows {
  /** A flow's input. */
  public record FlowInput(String id, int steps) {}

  /** A nap's input. */
  public record NapInput(String id, long millis) {}

  @Handler
  public String flow(Context ctx, FlowInput in) {
    String out = null;
    for (int i = 0; i < in.steps(); i++) {
      int step = i;
      long t0 = System.nanoTime();
      out = ctx.run("step", String.class, () -> Probe.stepOutput(in.id(), step));
      Probe.stepDone(step, t0);
    }
    Probe.finished(in.id());
    return out;
  }

  @Handler
  public void nap(Context ctx, NapInput in) {
    Probe.sleeping(in.id());
    ctx.sleep(Duration.ofMillis(in.millis()));
    Probe.woke(in.id());
  }
}
