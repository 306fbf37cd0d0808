package io.cruster.samples.chess.server;

import io.cruster.samples.chess.PlayerEvent;
import io.cruster.samples.chess.PlayerSession;
import io.cruster.sharding.EntityClient;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * {@code /api/v1/players/{id}/events?after=N}: the player's notifications ({@code MATCH_FOUND},
 * {@code GAME_STARTED}, {@code MOVE}, {@code DRAW_OFFERED}, {@code GAME_ENDED}) after number {@code
 * N} (default 0: all those kept), from {@link PlayerSession.Events}. While open, the socket is the
 * player's presence: it reconnects the player, sends a heartbeat every {@link #HEARTBEAT}, and
 * disconnects them when it closes.
 */
final class PlayerSocket extends EventSocket {
  static final Duration HEARTBEAT = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofMillis(300);
  private final EntityClient sessions;
  private volatile String player;

  PlayerSocket(EntityClient sessions, ChessMetrics metrics) {
    super(metrics);
    this.sessions = sessions;
  }

  @Override
  void pump(WsSession session) {
    String id = idFromPath();
    long seen = prologue.query().contains("after") ? parseAfter(prologue.query().get("after")) : 0;
    Http.unwrap(sessions.call(id, new PlayerSession.Reconnect()));
    player = id;
    long nextBeat = System.nanoTime() + HEARTBEAT.toNanos();
    while (isOpen()) {
      try (Stream<PlayerEvent> stream = sessions.stream(id, new PlayerSession.Events(seen))) {
        Iterator<PlayerEvent> it = stream.iterator();
        while (it.hasNext()) {
          PlayerEvent e = it.next();
          if (e.type() != PlayerEvent.Type.KEEPALIVE) {
            seen = e.seq();
            if (!send(session, Json.write(Json.playerEvent(e)))) {
              return;
            }
          }
          if (System.nanoTime() >= nextBeat) {
            sessions.notify(id, new PlayerSession.Heartbeat());
            nextBeat = System.nanoTime() + HEARTBEAT.toNanos();
          }
        }
      } catch (RuntimeException e) {
        pause();
      }
    }
  }

  private static long parseAfter(String raw) {
    try {
      return Math.max(0, Long.parseLong(raw));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("BAD_QUERY", "after must be a number, was '" + raw + "'");
    }
  }

  @Override
  void closed() {
    String id = player;
    if (id != null) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  sessions.call(id, new PlayerSession.Disconnect());
                } catch (RuntimeException e) {
                  // the player goes offline anyway when the heartbeats stop
                }
              });
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
