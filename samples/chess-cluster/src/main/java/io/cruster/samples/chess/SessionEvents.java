package io.cruster.samples.chess;

import io.cruster.sharding.ChunkSink;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.RpcContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link PlayerSession.Events} stream: the stored events after the caller's sequence number,
 * then each new one when a {@link PlayerSession.Notice} signals it, a {@code KEEPALIVE} after
 * {@link #KEEPALIVE} of quiet, for {@link #SPAN} at most; the caller subscribes again with the last
 * number it saw.
 */
final class SessionEvents {
  static final Duration SPAN = Duration.ofSeconds(20);
  static final Duration KEEPALIVE = Duration.ofSeconds(5);

  private SessionEvents() {}

  static void run(
      RpcContext<SessionState> ctx, PlayerSession.Events m, ChunkSink<PlayerEvent> out) {
    EntityClient self = ctx.self();
    String key = Sessions.key(ctx.entityId());
    long seen = m.afterSeq();
    long end = System.nanoTime() + SPAN.toNanos();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < end) {
      CompletableFuture<Void> change = Changes.next(key);
      List<PlayerEvent> fresh = self.call(ctx.entityId(), new PlayerSession.Backlog(seen));
      for (PlayerEvent e : fresh) {
        out.emit(e);
        seen = e.seq();
        quietSince = System.nanoTime();
      }
      if (System.nanoTime() - quietSince >= KEEPALIVE.toNanos()) {
        out.emit(
            new PlayerEvent(
                seen,
                PlayerEvent.Type.KEEPALIVE,
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                ctx.clock().millis()));
        quietSince = System.nanoTime();
      }
      boolean signalled = Changes.await(change, Duration.ofMillis(fresh.isEmpty() ? 500 : 0));
      if (signalled) {
        Changes.await(Changes.next(key), Duration.ofMillis(20)); // the commit follows the signal
      }
    }
  }
}
