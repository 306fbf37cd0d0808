package io.cruster.benchmarks;

import io.cruster.actors.ActorContext;
import io.cruster.actors.ActorRef;
import io.cruster.actors.ActorSystem;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import io.cruster.actors.Props;
import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import java.time.Duration;

/**
 * Ask from outside on Cruster: the harness's platform thread calls the blocking {@code system.ask}
 * of an echo actor, one ask at a time, and records each round trip.
 */
final class AskCruster implements Workload {
  static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /** Latencies are kept per ask, so a batch is capped to bound the sample array. */
  static final long MAX_BATCH = 5_000_000;

  record Ping(ActorRef<Pong> replyTo) {}

  enum Pong {
    INSTANCE
  }

  private final ActorSystem<Void> system;
  private final ActorRef<Ping> echo;

  private AskCruster() {
    system = ActorSystem.create(Behaviors.<Void>empty(), "ask");
    echo =
        system.systemActorOf(
            Behaviors.receive(Ping.class).onMessage(Ping.class, AskCruster::onPing).build(),
            "echo",
            Props.defaults());
  }

  static Workload open() {
    return new AskCruster();
  }

  private static Behavior<Ping> onPing(ActorContext<Ping> ctx, Ping ping) {
    ping.replyTo().tell(Pong.INSTANCE);
    return Behaviors.same();
  }

  @Override
  public Sample run(long n) {
    if (Thread.currentThread().isVirtual()) {
      throw new IllegalStateException("the ask scenario measures a caller on a platform thread");
    }
    long[] latencies = new long[(int) Math.min(n, MAX_BATCH)];
    long start = System.nanoTime();
    for (int i = 0; i < latencies.length; i++) {
      long t0 = System.nanoTime();
      Pong pong = system.ask(echo, Ping::new, ASK_TIMEOUT);
      latencies[i] = System.nanoTime() - t0;
      if (pong != Pong.INSTANCE) {
        throw new ScenarioFailedException(
            "Cruster ask returned " + pong + " instead of " + Pong.INSTANCE);
      }
    }
    return new Sample(latencies.length, System.nanoTime() - start, latencies);
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(system.whenTerminated(), Await.SYSTEM, "Cruster ask system termination");
  }
}
