package io.cruster.benchmarks;

import io.cruster.actors.ActorContext;
import io.cruster.actors.ActorRef;
import io.cruster.actors.ActorSystem;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import io.cruster.actors.Props;
import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Ping-pong on Cruster: each pair of actors bounces one ball {@code n} times; every message
 * received counts. One ball per pair, so a mailbox never holds more than one message.
 */
final class PingPongCruster implements Workload {
  record Ball(ActorRef<Ball> replyTo, long remaining, CountDownLatch done) {}

  private final ActorSystem<Void> system;
  private final List<ActorRef<Ball>> pings = new ArrayList<>();
  private final List<ActorRef<Ball>> pongs = new ArrayList<>();

  private PingPongCruster(int pairs) {
    system = ActorSystem.create(Behaviors.<Void>empty(), "ping-pong");
    for (int i = 0; i < pairs; i++) {
      pings.add(system.systemActorOf(player(), "ping-" + i, Props.defaults()));
      pongs.add(system.systemActorOf(player(), "pong-" + i, Props.defaults()));
    }
  }

  static Workload open(int pairs) {
    return new PingPongCruster(pairs);
  }

  static Behavior<Ball> player() {
    return Behaviors.receive(Ball.class).onMessage(Ball.class, PingPongCruster::onBall).build();
  }

  private static Behavior<Ball> onBall(ActorContext<Ball> ctx, Ball ball) {
    if (ball.remaining() <= 1) {
      ball.done().countDown();
    } else {
      ball.replyTo().tell(new Ball(ctx.self(), ball.remaining() - 1, ball.done()));
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
        done, Await.BATCH, "Cruster ping-pong (" + pings.size() + " pairs x " + n + " messages)");
    return Sample.of(n * pings.size(), System.nanoTime() - start);
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(system.whenTerminated(), Await.SYSTEM, "Cruster ping-pong system termination");
  }
}
