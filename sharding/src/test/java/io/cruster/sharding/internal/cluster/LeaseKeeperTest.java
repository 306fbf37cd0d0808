package io.cruster.sharding.internal.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.sharding.internal.cluster.ScriptedKeepAlives.Mode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The keep-alive loop against a scripted keep-alive source, on the real clock with a short lease:
 * TTL 1200 ms, margin 600 ms (window 600 ms), a keep-alive every 400 ms.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LeaseKeeperTest {
  private static final Duration TTL = Duration.ofMillis(1200);
  private static final Duration WINDOW = Duration.ofMillis(600);
  private LeaseKeeper keeper;

  private Fence start(ScriptedKeepAlives source, CompletableFuture<Long> fencedAt) {
    Fence fence = new Fence(MonotonicClock.SYSTEM, WINDOW, System.nanoTime());
    fence.onFenced(reason -> fencedAt.complete(System.nanoTime()));
    keeper =
        new LeaseKeeper(
            source, 42, fence, MonotonicClock.SYSTEM, WINDOW.dividedBy(3), Duration.ofMillis(150));
    keeper.start(System.nanoTime());
    return fence;
  }

  @AfterEach
  void stop() {
    if (keeper != null) {
      keeper.close();
    }
  }

  @Test
  void successfulKeepAlivesKeepTheFenceValid() {
    ScriptedKeepAlives source = new ScriptedKeepAlives(Mode.RENEW);
    Fence fence = start(source, new CompletableFuture<>());
    await().atMost(Duration.ofSeconds(5)).until(() -> source.calls() >= 6); // ~1.2 s, two windows
    assertTrue(fence.isValid());
  }

  @Test
  void failingKeepAlivesFenceAfterTheWindowAndBeforeTheLeaseCouldExpire() throws Exception {
    assertFencedInTime(Mode.FAIL);
  }

  @Test
  void hangingKeepAlivesFenceOnTimeToo() throws Exception {
    assertFencedInTime(Mode.HANG);
  }

  @Test
  void aLeaseReportedGoneFencesAtOnce() {
    ScriptedKeepAlives source = new ScriptedKeepAlives(Mode.GONE);
    CompletableFuture<Long> fencedAt = new CompletableFuture<>();
    Fence fence = start(source, fencedAt);
    await().atMost(Duration.ofSeconds(2)).until(fencedAt::isDone);
    assertEquals(1, source.calls());
    assertTrue(fence.reason().orElseThrow().contains("gone"), fence.reason().orElseThrow());
  }

  @Test
  void closeStopsTheKeepAlives() {
    ScriptedKeepAlives source = new ScriptedKeepAlives(Mode.RENEW);
    start(source, new CompletableFuture<>());
    await().atMost(Duration.ofSeconds(5)).until(() -> source.calls() >= 2);
    keeper.close();
    int calls = source.calls();
    await()
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(2))
        .until(() -> source.calls() == calls);
  }

  private void assertFencedInTime(Mode failure) throws Exception {
    ScriptedKeepAlives source = new ScriptedKeepAlives(Mode.RENEW);
    CompletableFuture<Long> fencedAt = new CompletableFuture<>();
    Fence fence = start(source, fencedAt);
    await().atMost(Duration.ofSeconds(5)).until(() -> source.calls() >= 2);
    source.set(failure);
    long fenced = fencedAt.get(5, TimeUnit.SECONDS);
    assertFalse(fence.isValid());
    // Counted from the send of the last keep-alive that renewed: no earlier than the window, and
    // before
    // the TTL after which the server may expire the lease.
    long sinceLastRenewal = fenced - source.lastRenewingSend();
    assertTrue(
        sinceLastRenewal >= WINDOW.toNanos() - Duration.ofMillis(5).toNanos(),
        "fenced too early: " + Duration.ofNanos(sinceLastRenewal));
    assertTrue(
        sinceLastRenewal < TTL.toNanos(), "fenced too late: " + Duration.ofNanos(sinceLastRenewal));
  }
}
