package io.cruster.samples.chess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The persisted state of a {@link PlayerSession}. Immutable.
 *
 * @param id the player's id
 * @param registered whether the player registered (an unregistered session is empty)
 * @param username their name
 * @param online connected, with a heartbeat within {@link PlayerSession#PRESENCE_TTL}
 * @param lastSeenMillis the last sign of life (epoch ms)
 * @param queue the time control they are queued for
 * @param currentGame the game they play
 * @param events their latest notifications, oldest first (at most {@link #MAX_EVENTS})
 * @param lastSeq the number of their latest notification
 */
public record SessionState(
    String id,
    boolean registered,
    String username,
    boolean online,
    long lastSeenMillis,
    Optional<String> queue,
    Optional<String> currentGame,
    List<PlayerEvent> events,
    long lastSeq) {

  /** Notifications kept for a stream that subscribes again. */
  public static final int MAX_EVENTS = 100;

  static SessionState unregistered(String id) {
    return new SessionState(
        id, false, "", false, 0, Optional.empty(), Optional.empty(), List.of(), 0);
  }

  PlayerStatus status(long now) {
    if (!online || now - lastSeenMillis >= PlayerSession.PRESENCE_TTL.toMillis()) {
      return PlayerStatus.OFFLINE;
    }
    if (currentGame.isPresent()) {
      return PlayerStatus.IN_GAME;
    }
    return queue.isPresent() ? PlayerStatus.IN_QUEUE : PlayerStatus.ONLINE;
  }

  PlayerView view(long now) {
    return new PlayerView(id, username, status(now), currentGame, queue);
  }

  SessionState seen(boolean isOnline, long now) {
    return new SessionState(
        id,
        registered,
        username,
        isOnline,
        isOnline ? now : lastSeenMillis,
        queue,
        currentGame,
        events,
        lastSeq);
  }

  SessionState registered(String name, long now) {
    return new SessionState(id, true, name, true, now, queue, currentGame, events, lastSeq);
  }

  SessionState withQueue(Optional<String> q) {
    return new SessionState(
        id, registered, username, online, lastSeenMillis, q, currentGame, events, lastSeq);
  }

  SessionState withGame(Optional<String> game) {
    return new SessionState(
        id, registered, username, online, lastSeenMillis, Optional.empty(), game, events, lastSeq);
  }

  /**
   * Appends {@code event} (its seq is set here), dropping the oldest beyond {@link #MAX_EVENTS}.
   */
  SessionState withEvent(PlayerEvent event) {
    long seq = lastSeq + 1;
    List<PlayerEvent> all = new ArrayList<>(events);
    all.add(
        new PlayerEvent(
            seq,
            event.type(),
            event.gameId(),
            event.color(),
            event.opponent(),
            event.move(),
            event.status(),
            event.reason(),
            event.atMillis()));
    if (all.size() > MAX_EVENTS) {
      all.subList(0, all.size() - MAX_EVENTS).clear();
    }
    return new SessionState(
        id,
        registered,
        username,
        online,
        lastSeenMillis,
        queue,
        currentGame,
        List.copyOf(all),
        seq);
  }

  List<PlayerEvent> eventsAfter(long seq) {
    return events.stream().filter(e -> e.seq() > seq).toList();
  }
}
