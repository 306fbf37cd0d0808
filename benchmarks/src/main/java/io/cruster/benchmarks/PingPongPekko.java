package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Ping-pong on Pekko typed, the same shape as {@link PingPongCruster}. Pekko's builder handlers
 * take only the message, so the context comes from {@code setup} (one allocation per actor, at
 * start).
 */
final class PingPongPekko implements Workload {
  record Ball(ActorRef<Ball> replyTo, long remaining, CountDownLatch done) {}

  private final ActorSystem<Void> system;
  private final List<ActorRef<Ball>> pings = new ArrayList<>();
  private final List<ActorRef<Ball>> pongs = new ArrayList<>();

  private PingPongPekko(int pairs) {
    system = ActorSystem.create(Behaviors.<Void>empty(), "ping-pong");
    for (int i = 0; i < pairs; i++) {
      pings.add(system.systemActorOf(player(), "ping-" + i, Props.empty()));
      pongs.add(system.systemActorOf(player(), "pong-" + i, Props.empty()));
    }
  }

  static Workload open(int pairs) {
    return new PingPongPekko(pairs);
  }

  static Behavior<Ball> player() {
    return Behaviors.setup(
        ctx -> Behaviors.receive(Ball.class).onMessage(Ball.class, b -> onBall(ctx, b)).build());
  }

  private static Behavior<Ball> onBall(ActorContext<Ball> ctx, Ball ball) {
    if (ball.remaining() <= 1) {
      ball.done().countDown();
    } else {
      ball.replyTo().tell(new Ball(ctx.getSelf(), ball.remaining() - 1, ball.done()));
    }
    return Behaviors.same();
  }

  @Override
  public Sample run(long n) {
    CountDownLatch done = new CountDownLatch(pings.size());
    long start = System.nanoTime();
    for (int i = 0; i < pings.size(); i++) {
      pings.get(i).tell(new Ball(pongs.get(i), n, done));
    }
    Await.latch(
        done, Await.BATCH, "Pekko ping-pong (" + pings.size() + " pairs x " + n + " messages)");
    return Sample.of(n * pings.size(), System.nanoTime() - start);
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(system.getWhenTerminated(), Await.SYSTEM, "Pekko ping-pong system termination");
  }
}
