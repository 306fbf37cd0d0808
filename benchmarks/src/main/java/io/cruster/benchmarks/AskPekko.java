package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Await;
import io.cruster.benchmarks.peer.Sample;
import io.cruster.benchmarks.peer.ScenarioFailedException;
import io.cruster.benchmarks.peer.Workload;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Ask from outside on Pekko typed, the same shape as {@link AskCruster}: {@code
 * AskPattern.ask(...)} followed by a blocking {@code get} on the harness's platform thread.
 */
final class AskPekko implements Workload {
  static final Duration ASK_TIMEOUT = AskCruster.ASK_TIMEOUT;

  record Ping(ActorRef<Pong> replyTo) {}

  enum Pong {
    INSTANCE
  }

  private final ActorSystem<Void> system;
  private final ActorRef<Ping> echo;

  private AskPekko() {
    system = ActorSystem.create(Behaviors.<Void>empty(), "ask");
    echo =
        system.systemActorOf(
            Behaviors.receive(Ping.class).onMessage(Ping.class, AskPekko::onPing).build(),
            "echo",
            Props.empty());
  }

  static Workload open() {
    return new AskPekko();
  }

  private static Behavior<Ping> onPing(Ping ping) {
    ping.replyTo().tell(Pong.INSTANCE);
    return Behaviors.same();
  }

  @Override
  public Sample run(long n) throws InterruptedException, ExecutionException {
    if (Thread.currentThread().isVirtual()) {
      throw new IllegalStateException("the ask scenario measures a caller on a platform thread");
    }
    long[] latencies = new long[(int) Math.min(n, AskCruster.MAX_BATCH)];
    long start = System.nanoTime();
    for (int i = 0; i < latencies.length; i++) {
      long t0 = System.nanoTime();
      Pong pong = ask();
      latencies[i] = System.nanoTime() - t0;
      if (pong != Pong.INSTANCE) {
        throw new ScenarioFailedException(
            "Pekko ask returned " + pong + " instead of " + Pong.INSTANCE);
      }
    }
    return new Sample(latencies.length, System.nanoTime() - start, latencies);
  }

  private Pong ask() throws InterruptedException, ExecutionException {
    try {
      // The ask itself times out after ASK_TIMEOUT; the get is bounded too, in case it never
      // completes.
      return AskPattern.<Ping, Pong>ask(echo, Ping::new, ASK_TIMEOUT, system.scheduler())
          .toCompletableFuture()
          .get(2 * ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ScenarioFailedException(
          "Pekko ask got no reply within " + 2 * ASK_TIMEOUT.toSeconds() + " s", e);
    }
  }

  @Override
  public void close() {
    system.terminate();
    Await.future(system.getWhenTerminated(), Await.SYSTEM, "Pekko ask system termination");
  }
}
