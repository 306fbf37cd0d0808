package io.cruster.samples.chess;

import io.cruster.samples.chess.rules.Color;
import io.cruster.sharding.Activity;
import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A matchmaking queue, an entity per time control ({@code "5+3"}): players wait in the order they
 * came; a newcomer is matched with the longest-waiting player whose rating is within that player's
 * window ({@link #window}: {@value #BASE_WINDOW} points, widening by {@value #WIDENING} every
 * {@link #WIDENING_EVERY} of waiting, up to {@value #MAX_WINDOW}). The longer-waiting player gets
 * white. A match creates the {@link ChessGame} (an id derived from the queue's match count, so a
 * retried activity creates the same game) and notifies both sessions. While two or more wait, a
 * {@link Rematch} every {@link #WIDENING_EVERY} pairs those whose windows have grown to meet.
 */
public final class Matchmaking {
  public static final int BASE_WINDOW = 200;
  public static final int WIDENING = 100;
  public static final Duration WIDENING_EVERY = Duration.ofSeconds(10);
  public static final int MAX_WINDOW = 1000;

  private Matchmaking() {}

  /** Queues a player (or matches them at once). */
  @Public
  public record Enqueue(String player, String username, int rating, TimeControl timeControl)
      implements Activity<Reply<Outcome>> {}

  /** Takes a player out of the queue; replies whether they were in it. */
  @Public
  public record Leave(String player) implements Activity<Boolean> {}

  /** The players waiting, longest first. */
  public record Waiting() implements Rpc<List<Entry>> {}

  /** Pairs the waiting players whose windows now meet. */
  record Rematch() implements Activity<Integer> {}

  /**
   * A waiting player.
   *
   * @param player their id
   * @param username their name
   * @param rating their rating when they joined
   * @param joinedAtMillis when they joined (epoch ms)
   */
  public record Entry(String player, String username, int rating, long joinedAtMillis) {}

  /**
   * The queue's state.
   *
   * @param waiting the players waiting, longest first
   * @param timeControl the time control of the queue (set by its first player)
   * @param matches how many games it has made
   * @param rematchAtMillis when the next {@link Rematch} is due, 0 if none is scheduled
   */
  public record QueueState(
      List<Entry> waiting, Optional<TimeControl> timeControl, long matches, long rematchAtMillis) {}

  /**
   * The outcome of {@link Enqueue}.
   *
   * @param position the place in the queue (1: next), 0 when matched
   * @param gameId the game, when matched
   * @param color the newcomer's color, when matched
   * @param opponent the opponent's username, when matched
   */
  public record Outcome(
      int position, Optional<String> gameId, Optional<Color> color, Optional<String> opponent) {}

  public static final EntityType<QueueState> TYPE =
      EntityType.define("Matchmaking", QueueState.class)
          .init(ctx -> new QueueState(List.of(), Optional.empty(), 0, 0))
          .activity(Enqueue.class, Matchmaking::onEnqueue)
          .activity(Leave.class, Matchmaking::onLeave)
          .activity(Rematch.class, Matchmaking::onRematch)
          .rpc(Waiting.class, (ctx, m) -> ctx.state().waiting())
          .register(Reply.Ok.class, Reply.Refused.class, Outcome.class)
          .build();

  /**
   * How far from its own rating a player waiting since {@code joinedAt} accepts an opponent at
   * {@code now}.
   */
  public static int window(long joinedAtMillis, long nowMillis) {
    long steps = Math.max(0, nowMillis - joinedAtMillis) / WIDENING_EVERY.toMillis();
    return (int) Math.min(MAX_WINDOW, BASE_WINDOW + steps * WIDENING);
  }

  private static Reply<Outcome> onEnqueue(ActivityContext<QueueState> ctx, Enqueue m) {
    QueueState s = ctx.state();
    long now = ctx.clock().millis();
    if (s.waiting().stream().anyMatch(e -> e.player().equals(m.player()))) {
      return Reply.refused(
          Refusal.ALREADY_QUEUED, m.username() + " is queued for " + ctx.entityId());
    }
    TimeControl tc = s.timeControl().orElse(m.timeControl());
    for (Entry waiting : s.waiting()) {
      if (Math.abs(waiting.rating() - m.rating()) <= window(waiting.joinedAtMillis(), now)) {
        List<Entry> rest = new ArrayList<>(s.waiting());
        rest.remove(waiting);
        Entry newcomer = new Entry(m.player(), m.username(), m.rating(), now);
        String game = createGame(ctx, s.matches() + 1, waiting, newcomer, tc);
        ctx.setState(
            new QueueState(
                List.copyOf(rest), Optional.of(tc), s.matches() + 1, s.rematchAtMillis()));
        notifyMatched(ctx, waiting, newcomer, game, Color.WHITE);
        return Reply.ok(
            new Outcome(
                0, Optional.of(game), Optional.of(Color.BLACK), Optional.of(waiting.username())));
      }
    }
    List<Entry> waiting = new ArrayList<>(s.waiting());
    waiting.add(new Entry(m.player(), m.username(), m.rating(), now));
    long rematchAt = s.rematchAtMillis();
    if (waiting.size() >= 2 && rematchAt == 0) {
      rematchAt = now + WIDENING_EVERY.toMillis();
      ctx.self().notifyAt(ctx.entityId(), new Rematch(), Instant.ofEpochMilli(rematchAt));
    }
    ctx.setState(new QueueState(List.copyOf(waiting), Optional.of(tc), s.matches(), rematchAt));
    return Reply.ok(
        new Outcome(waiting.size(), Optional.empty(), Optional.empty(), Optional.empty()));
  }

  private static boolean onLeave(ActivityContext<QueueState> ctx, Leave m) {
    QueueState s = ctx.state();
    List<Entry> rest = s.waiting().stream().filter(e -> !e.player().equals(m.player())).toList();
    if (rest.size() == s.waiting().size()) {
      return false;
    }
    ctx.setState(new QueueState(rest, s.timeControl(), s.matches(), s.rematchAtMillis()));
    return true;
  }

  private static int onRematch(ActivityContext<QueueState> ctx, Rematch m) {
    QueueState s = ctx.state();
    long now = ctx.clock().millis();
    List<Entry> waiting = new ArrayList<>(s.waiting());
    long matches = s.matches();
    int made = 0;
    for (int i = 0; i < waiting.size(); i++) {
      Entry older = waiting.get(i);
      for (int j = i + 1; j < waiting.size(); j++) {
        Entry younger = waiting.get(j);
        int gap = Math.abs(older.rating() - younger.rating());
        if (gap <= window(older.joinedAtMillis(), now)
            && gap <= window(younger.joinedAtMillis(), now)) {
          String game = createGame(ctx, ++matches, older, younger, s.timeControl().orElseThrow());
          notifyMatched(ctx, older, younger, game, Color.WHITE);
          notifyMatched(ctx, younger, older, game, Color.BLACK);
          waiting.remove(j);
          waiting.remove(i);
          i--;
          made++;
          break;
        }
      }
    }
    long rematchAt = 0;
    if (waiting.size() >= 2) {
      rematchAt = now + WIDENING_EVERY.toMillis();
      ctx.self().notifyAt(ctx.entityId(), new Rematch(), Instant.ofEpochMilli(rematchAt));
    }
    ctx.setState(new QueueState(List.copyOf(waiting), s.timeControl(), matches, rematchAt));
    return made;
  }

  /** Creates the game of match number {@code n}: {@code white} waited longer. */
  private static String createGame(
      ActivityContext<QueueState> ctx, long n, Entry white, Entry black, TimeControl tc) {
    String game = "q" + ctx.entityId().replace('+', 'p') + "-" + n;
    EntityClient games = ctx.client(ChessGame.TYPE);
    games
        .call(
            game,
            new ChessGame.Create(
                white.player(), white.username(), black.player(), black.username(), tc))
        .orElseThrow();
    return game;
  }

  private static void notifyMatched(
      ActivityContext<QueueState> ctx, Entry who, Entry opponent, String game, Color color) {
    ctx.client(PlayerSession.TYPE)
        .notify(
            who.player(),
            new PlayerSession.Notice(
                PlayerEvent.Type.MATCH_FOUND,
                game,
                color,
                opponent.username(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
  }
}
