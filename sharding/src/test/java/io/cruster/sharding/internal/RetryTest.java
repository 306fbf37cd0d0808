package io.cruster.sharding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.CrusterException;
import io.cruster.actors.internal.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RetryTest {
  private final FakeScheduler clock = new FakeScheduler();

  /** Runs Retry.until on its own thread, moving the fake clock until it ends. */
  private <T> CompletableFuture<T> runUntilDone(java.util.function.Supplier<T> retry) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                result.complete(retry.get());
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    while (!result.isDone()) {
      if (!clock.advanceToNext()) {
        Thread.onSpinWait(); // the retrying thread has not scheduled its wait yet
      }
    }
    return result;
  }

  private static Backoff noJitter() {
    return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5);
  }

  @Test
  void retriesOnTheSchedulersClockUntilTheAttemptSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    List<Duration> waits = new ArrayList<>();
    CompletableFuture<String> r =
        runUntilDone(
            () ->
                Retry.until(
                    clock,
                    Duration.ofSeconds(30),
                    noJitter(),
                    () -> {
                      if (attempts.incrementAndGet() < 4) {
                        throw new IllegalStateException("not yet");
                      }
                      return "joined";
                    },
                    e -> true,
                    (e, wait) -> waits.add(wait),
                    e -> e));
    assertEquals("joined", r.join());
    assertEquals(
        List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)), waits);
    assertTrue(clock.nanoTime() >= Duration.ofMillis(700).toNanos(), "waited on the fake clock");
  }

  @Test
  void givesUpBeforeTheTimeoutWouldPass() {
    AtomicInteger attempts = new AtomicInteger();
    RuntimeException last = new IllegalStateException("down");
    CompletableFuture<Object> r =
        runUntilDone(
            () ->
                Retry.until(
                    clock,
                    Duration.ofSeconds(2),
                    noJitter(),
                    () -> {
                      attempts.incrementAndGet();
                      throw last;
                    },
                    e -> true,
                    (e, wait) -> {},
                    e -> new IllegalStateException("gave up", e)));
    Throwable failure = r.handle((v, e) -> e).join();
    assertInstanceOf(IllegalStateException.class, failure);
    assertSame(last, failure.getCause());
    // 100 + 200 + 400 + 800 = 1.5 s waited; the next wait (1 s) would pass the 2 s timeout
    assertEquals(5, attempts.get());
    assertTrue(clock.nanoTime() < TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void aFailureThatIsNotRetryableEndsAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    IllegalArgumentException bad = new IllegalArgumentException("bad config");
    CompletableFuture<Object> r =
        runUntilDone(
            () ->
                Retry.until(
                    clock,
                    Duration.ofSeconds(30),
                    noJitter(),
                    () -> {
                      attempts.incrementAndGet();
                      throw bad;
                    },
                    e -> e instanceof CrusterException,
                    (e, wait) -> {},
                    e -> e));
    assertSame(bad, r.handle((v, e) -> e).join());
    assertEquals(1, attempts.get());
    assertEquals(0, clock.nanoTime() / 1_000_000_000L);
  }
}
