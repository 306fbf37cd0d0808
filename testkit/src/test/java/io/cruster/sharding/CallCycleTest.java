package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A workflow of A calls B, which calls back into the same A entity while A's workflow waits: no
 * deadlock.
 */
@Timeout(60)
class CallCycleTest {
  enum Via {
    RPC,
    WORKFLOW,
    ACTIVITY
  }

  record Tally(int n) {}

  static final class Alpha {
    /** Calls Beta, which calls back into this entity. */
    record Start(String betaId, Via via) implements Workflow<String> {}

    record Read() implements Rpc<Integer> {}

    record Echo(String text) implements Workflow<String> {}

    @Public
    record Bump() implements Activity<Integer> {}

    @Private
    record Prepare() implements Activity<Integer> {}

    static final EntityType<Tally> TYPE =
        EntityType.define("Alpha", Tally.class)
            .init(ctx -> new Tally(0))
            .activity(Prepare.class, (ctx, m) -> bump(ctx))
            .activity(Bump.class, (ctx, m) -> bump(ctx))
            .rpc(Read.class, (ctx, m) -> ctx.state().n())
            .workflow(Echo.class, (ctx, m) -> "echo " + m.text())
            .workflow(
                Start.class,
                (ctx, m) -> {
                  ctx.run(new Prepare());
                  String answer =
                      ctx.client(Beta.TYPE)
                          .call(m.betaId(), new Beta.CallBack(ctx.entityId(), m.via()));
                  return "alpha got [" + answer + "]";
                })
            .build();
  }

  static final class Beta {
    record CallBack(String alphaId, Via via) implements Workflow<String> {}

    static final EntityType<Tally> TYPE =
        EntityType.define("Beta", Tally.class)
            .init(ctx -> new Tally(0))
            .workflow(
                CallBack.class,
                (ctx, m) -> {
                  EntityClient alpha = ctx.client(Alpha.TYPE);
                  return switch (m.via()) {
                    case RPC -> "read " + alpha.call(m.alphaId(), new Alpha.Read());
                    case WORKFLOW -> alpha.call(m.alphaId(), new Alpha.Echo("from beta"));
                    case ACTIVITY -> "bumped to " + alpha.call(m.alphaId(), new Alpha.Bump());
                  };
                })
            .build();
  }

  static int bump(ActivityContext<Tally> ctx) {
    ctx.setState(new Tally(ctx.state().n() + 1));
    return ctx.state().n();
  }

  private static final CallOptions PATIENT = CallOptions.timeout(Duration.ofSeconds(10));

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient alphas = cluster.register(Alpha.TYPE);
  private final EntityClient betas = cluster.register(Beta.TYPE);

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void cycleBackIntoAnRpcCompletes() {
    assertEquals(
        "alpha got [read 1]", alphas.call("a-1", new Alpha.Start("b-1", Via.RPC), PATIENT));
  }

  @Test
  void cycleBackIntoAnotherWorkflowCompletes() {
    assertEquals(
        "alpha got [echo from beta]",
        alphas.call("a-1", new Alpha.Start("b-1", Via.WORKFLOW), PATIENT));
  }

  @Test
  void cycleBackIntoAnActivityCompletes() {
    assertEquals(
        "alpha got [bumped to 2]",
        alphas.call("a-1", new Alpha.Start("b-1", Via.ACTIVITY), PATIENT));
    assertEquals(2, alphas.call("a-1", new Alpha.Read()));
  }

  @Test
  void manyCyclesAtOnceComplete() {
    List<CompletableFuture<String>> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      replies.add(
          alphas.callAsync(
              "a-" + (i % 4), new Alpha.Start("b-" + (i % 3), Via.values()[i % 3]), PATIENT));
    }
    for (var r : replies) {
      assertTrue(r.join().startsWith("alpha got ["), r.join());
    }
  }
}
