package io.cruster.samples.chess;

import io.cruster.samples.chess.rules.Color;
import io.cruster.sharding.Activity;
import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.StreamRpc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A player, an entity per player id: registration, presence (heartbeats; {@link #PRESENCE_TTL}
 * without one, or a disconnect, and the player is {@code OFFLINE} and leaves the queue), the
 * matchmaking queue, the current game, and the notifications of matches and game events, kept in
 * the state and pushed to the {@link Events} stream.
 */
public final class PlayerSession {
  /** How long a player stays online without a heartbeat. */
  public static final Duration PRESENCE_TTL = Duration.ofSeconds(30);

  private PlayerSession() {}

  /**
   * Registers the player under {@code username} (claimed in {@link Usernames} first); again is a
   * no-op.
   */
  @Public
  public record Register(String username) implements Activity<Reply<PlayerView>> {}

  /**
   * The player is there (the server sends one every few seconds while the player's page is
   * connected).
   */
  @Public
  public record Heartbeat() implements Activity<Reply<PlayerView>> {}

  /** The player left: offline, and out of the queue. */
  @Public
  public record Disconnect() implements Activity<Reply<PlayerView>> {}

  /** The player is back. */
  @Public
  public record Reconnect() implements Activity<Reply<PlayerView>> {}

  /** Queues the player for a game of {@code timeControl}: matched at once, or queued. */
  @Public
  public record JoinQueue(TimeControl timeControl) implements Activity<Reply<QueueResult>> {}

  /** Takes the player out of the queue. */
  @Public
  public record LeaveQueue() implements Activity<Reply<PlayerView>> {}

  /** A notification from a game or the matchmaking; becomes a {@link PlayerEvent}. */
  @Public
  public record Notice(
      PlayerEvent.Type type,
      String gameId,
      Color color,
      String opponent,
      Optional<String> move,
      Optional<GameStatus> status,
      Optional<EndReason> reason)
      implements Activity<Boolean> {}

  /** The player now. */
  public record Get() implements Rpc<Reply<PlayerView>> {}

  /** The player's events after {@code afterSeq}, then the new ones as they come, for a while. */
  public record Events(long afterSeq) implements StreamRpc<PlayerEvent> {}

  /** The player's stored events after {@code afterSeq} (what {@link Events} starts with). */
  public record Backlog(long afterSeq) implements Rpc<List<PlayerEvent>> {}

  /** Goes offline if no heartbeat came since {@code lastSeenMillis}. */
  record PresenceCheck(long lastSeenMillis) implements Activity<Boolean> {}

  /**
   * The result of joining a queue.
   *
   * @param matched whether a game was found at once
   * @param position the place in the queue (1: next), when not matched
   * @param gameId the game, when matched
   * @param color the player's color in it, when matched
   */
  public record QueueResult(
      boolean matched, int position, Optional<String> gameId, Optional<Color> color) {}

  public static final EntityType<SessionState> TYPE =
      EntityType.define("PlayerSession", SessionState.class)
          .init(ctx -> SessionState.unregistered(ctx.entityId()))
          .activity(Register.class, Sessions::onRegister)
          .activity(Heartbeat.class, (ctx, m) -> Sessions.seen(ctx, true))
          .activity(Reconnect.class, (ctx, m) -> Sessions.seen(ctx, true))
          .activity(Disconnect.class, (ctx, m) -> Sessions.onDisconnect(ctx))
          .activity(JoinQueue.class, Sessions::onJoinQueue)
          .activity(LeaveQueue.class, (ctx, m) -> Sessions.onLeaveQueue(ctx))
          .activity(Notice.class, Sessions::onNotice)
          .activity(PresenceCheck.class, PlayerSession::onPresenceCheck)
          .rpc(Get.class, (ctx, m) -> Sessions.view(ctx.state(), ctx.clock().millis()))
          .rpc(Backlog.class, (ctx, m) -> ctx.state().eventsAfter(m.afterSeq()))
          .stream(Events.class, SessionEvents::run)
          .register(Reply.Ok.class, Reply.Refused.class, PlayerView.class, QueueResult.class)
          .build();

  private static boolean onPresenceCheck(ActivityContext<SessionState> ctx, PresenceCheck m) {
    SessionState s = ctx.state();
    if (!s.online() || s.lastSeenMillis() != m.lastSeenMillis()) {
      return false; // a later heartbeat scheduled its own check
    }
    long dueAt = s.lastSeenMillis() + PRESENCE_TTL.toMillis();
    if (ctx.clock().millis() < dueAt) {
      ctx.self().notifyAt(ctx.entityId(), m, Instant.ofEpochMilli(dueAt));
      return false;
    }
    Sessions.onDisconnect(ctx);
    return true;
  }
}
