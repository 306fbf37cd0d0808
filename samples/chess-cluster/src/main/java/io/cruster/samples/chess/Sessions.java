package io.cruster.samples.chess;

import io.cruster.samples.chess.PlayerSession.QueueResult;
import io.cruster.samples.chess.rules.Color;
import io.cruster.sharding.ActivityContext;
import java.time.Instant;
import java.util.Optional;

/** The handlers of {@link PlayerSession}'s activities. */
final class Sessions {
  private Sessions() {}

  static Reply<PlayerView> view(SessionState s, long now) {
    return s.registered() ? Reply.ok(s.view(now)) : notFound(s);
  }

  private static <T> Reply<T> notFound(SessionState s) {
    return Reply.refused(Refusal.NOT_FOUND, "no player " + s.id());
  }

  static Reply<PlayerView> onRegister(ActivityContext<SessionState> ctx, PlayerSession.Register m) {
    SessionState s = ctx.state();
    long now = ctx.clock().millis();
    if (s.registered()) {
      return s.username().equals(m.username())
          ? seen(ctx, true)
          : Reply.refused(
              Refusal.ALREADY_EXISTS, "player " + s.id() + " is registered as " + s.username());
    }
    String owner =
        ctx.client(Usernames.TYPE).call(Usernames.key(m.username()), new Usernames.Claim(s.id()));
    if (!owner.equals(s.id())) {
      return Reply.refused(Refusal.USERNAME_TAKEN, "the username " + m.username() + " is taken");
    }
    SessionState next = s.registered(m.username(), now);
    ctx.setState(next);
    schedulePresenceCheck(ctx, next);
    ctx.client(GameDirectory.TYPE)
        .notify(GameDirectory.ID, new GameDirectory.PlayerRegistered(s.id()));
    return Reply.ok(next.view(now));
  }

  static Reply<PlayerView> seen(ActivityContext<SessionState> ctx, boolean online) {
    SessionState s = ctx.state();
    if (!s.registered()) {
      return notFound(s);
    }
    long now = ctx.clock().millis();
    SessionState next = s.seen(online, now);
    ctx.setState(next);
    schedulePresenceCheck(ctx, next);
    return Reply.ok(next.view(now));
  }

  static Reply<PlayerView> onDisconnect(ActivityContext<SessionState> ctx) {
    SessionState s = ctx.state();
    if (!s.registered()) {
      return notFound(s);
    }
    SessionState next = s.seen(false, ctx.clock().millis());
    if (s.queue().isPresent()) {
      ctx.client(Matchmaking.TYPE).call(s.queue().get(), new Matchmaking.Leave(s.id()));
      next = next.withQueue(Optional.empty());
    }
    ctx.setState(next);
    Changes.signal(key(s.id()));
    return Reply.ok(next.view(ctx.clock().millis()));
  }

  static Reply<QueueResult> onJoinQueue(
      ActivityContext<SessionState> ctx, PlayerSession.JoinQueue m) {
    SessionState s = ctx.state();
    long now = ctx.clock().millis();
    if (!s.registered()) {
      return notFound(s);
    }
    if (s.currentGame().isPresent()) {
      return Reply.refused(
          Refusal.ALREADY_IN_GAME, s.username() + " is playing game " + s.currentGame().get());
    }
    if (s.queue().isPresent()) {
      return Reply.refused(
          Refusal.ALREADY_QUEUED, s.username() + " is queued for " + s.queue().get());
    }
    int rating =
        ctx.client(Leaderboard.TYPE).call(Leaderboard.ID, new Leaderboard.RatingOf(s.id()));
    String queue = m.timeControl().label();
    Reply<Matchmaking.Outcome> outcome =
        ctx.client(Matchmaking.TYPE)
            .call(queue, new Matchmaking.Enqueue(s.id(), s.username(), rating, m.timeControl()));
    SessionState seen = s.seen(true, now);
    return switch (outcome) {
      case Reply.Refused<Matchmaking.Outcome> r -> Reply.refused(r.code(), r.message());
      case Reply.Ok<Matchmaking.Outcome> ok -> {
        Matchmaking.Outcome o = ok.value();
        if (o.gameId().isPresent()) {
          String game = o.gameId().get();
          Color color = o.color().orElseThrow();
          SessionState next =
              seen.withGame(Optional.of(game))
                  .withEvent(
                      new PlayerEvent(
                          0,
                          PlayerEvent.Type.MATCH_FOUND,
                          game,
                          Optional.of(color),
                          o.opponent(),
                          Optional.empty(),
                          Optional.empty(),
                          Optional.empty(),
                          now));
          ctx.setState(next);
          Changes.signal(key(s.id()));
          yield Reply.ok(new QueueResult(true, 0, Optional.of(game), Optional.of(color)));
        }
        ctx.setState(seen.withQueue(Optional.of(queue)));
        schedulePresenceCheck(ctx, seen);
        yield Reply.ok(new QueueResult(false, o.position(), Optional.empty(), Optional.empty()));
      }
    };
  }

  static Reply<PlayerView> onLeaveQueue(ActivityContext<SessionState> ctx) {
    SessionState s = ctx.state();
    if (!s.registered()) {
      return notFound(s);
    }
    if (s.queue().isEmpty()) {
      return Reply.refused(Refusal.NOT_QUEUED, s.username() + " is not queued");
    }
    boolean removed =
        ctx.client(Matchmaking.TYPE).call(s.queue().get(), new Matchmaking.Leave(s.id()));
    if (!removed) {
      return Reply.refused(Refusal.NOT_QUEUED, s.username() + " was matched already");
    }
    SessionState next = s.withQueue(Optional.empty());
    ctx.setState(next);
    return Reply.ok(next.view(ctx.clock().millis()));
  }

  static boolean onNotice(ActivityContext<SessionState> ctx, PlayerSession.Notice m) {
    SessionState s = ctx.state();
    if (!s.registered()) {
      return false;
    }
    SessionState next =
        switch (m.type()) {
          case MATCH_FOUND, GAME_STARTED -> s.withGame(Optional.of(m.gameId()));
          case GAME_ENDED ->
              s.currentGame().equals(Optional.of(m.gameId())) ? s.withGame(Optional.empty()) : s;
          case MOVE, DRAW_OFFERED, KEEPALIVE -> s;
        };
    ctx.setState(
        next.withEvent(
            new PlayerEvent(
                0,
                m.type(),
                m.gameId(),
                Optional.of(m.color()),
                Optional.of(m.opponent()),
                m.move(),
                m.status(),
                m.type() == PlayerEvent.Type.GAME_ENDED ? m.reason() : Optional.empty(),
                ctx.clock().millis())));
    Changes.signal(key(s.id()));
    return true;
  }

  static String key(String playerId) {
    return "PlayerSession/" + playerId;
  }

  private static void schedulePresenceCheck(ActivityContext<SessionState> ctx, SessionState s) {
    if (s.online()) {
      ctx.self()
          .notifyAt(
              ctx.entityId(),
              new PlayerSession.PresenceCheck(s.lastSeenMillis()),
              Instant.ofEpochMilli(s.lastSeenMillis() + PlayerSession.PRESENCE_TTL.toMillis()));
    }
  }
}
