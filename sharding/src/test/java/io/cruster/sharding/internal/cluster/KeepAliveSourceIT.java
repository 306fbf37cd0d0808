package io.cruster.sharding.internal.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jetcd's keep-alives as the fence sees them: renewed, lease gone, etcd unreachable. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeepAliveSourceIT {

  @Test
  void aLiveLeaseIsRenewedAndARevokedOneReportsTtlZero() throws Exception {
    try (Client client = TestEtcd.client()) {
      long lease = client.getLeaseClient().grant(5).get(5, TimeUnit.SECONDS).getID();
      KeepAliveSource source = KeepAliveSource.etcd(client.getLeaseClient());
      assertTrue(source.keepAliveOnce(lease).get(5, TimeUnit.SECONDS) > 0);
      client.getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS);
      assertEquals(0L, source.keepAliveOnce(lease).get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void keepAlivesToAnUnreachableEtcdFenceWithinTheWindow() throws Exception {
    try (Client unreachable = TestEtcd.unreachableClient()) {
      Duration window = Duration.ofSeconds(1);
      long startedAt = System.nanoTime();
      Fence fence = new Fence(MonotonicClock.SYSTEM, window, startedAt);
      CompletableFuture<Long> fencedAt = new CompletableFuture<>();
      fence.onFenced(reason -> fencedAt.complete(System.nanoTime()));
      try (LeaseKeeper keeper =
          new LeaseKeeper(
              KeepAliveSource.etcd(unreachable.getLeaseClient()),
              1,
              fence,
              MonotonicClock.SYSTEM,
              Duration.ofMillis(300),
              Duration.ofMillis(500))) {
        keeper.start(startedAt);
        await().atMost(Duration.ofSeconds(5)).until(fencedAt::isDone);
      }
      long elapsed = fencedAt.get() - startedAt;
      // A margin of 700 ms: with a 1 s window that is a lease TTL of 1.7 s, which must not have run
      // out yet.
      assertTrue(
          elapsed >= window.toNanos() && elapsed < window.plusMillis(700).toNanos(),
          "fenced after " + Duration.ofNanos(elapsed));
    }
  }
}
