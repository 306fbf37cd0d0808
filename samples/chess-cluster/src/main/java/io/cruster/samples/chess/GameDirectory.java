package io.cruster.samples.chess;

import io.cruster.sharding.Activity;
import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The index of games and the feed of their results, one entity ({@link #ID}): every {@link
 * ChessGame} reports its creation and its end here (persisted notifications, so at least once; a
 * repeat changes nothing). Each finished game's result gets the next number in the feed, which the
 * {@code leaderboard} singleton ({@link LeaderboardFeed}) reads in order and acknowledges once
 * applied. Also counts registered players, for {@code admin stats}.
 */
public final class GameDirectory {
  /** The id of the one directory. */
  public static final String ID = "all";

  /** Finished games kept in the index; the oldest finished ones go first. */
  public static final int MAX_FINISHED = 500;

  private GameDirectory() {}

  /** A game was created. */
  @Public
  public record GameCreated(Summary game) implements Activity<Boolean> {}

  /** A game ended. */
  @Public
  public record GameFinished(GameResult result) implements Activity<Boolean> {}

  /** A player registered. */
  @Public
  public record PlayerRegistered(String player) implements Activity<Boolean> {}

  /** The results after number {@code seq}, at most {@code limit}, oldest first. */
  public record ResultsAfter(long seq, int limit) implements Rpc<List<FeedEntry>> {}

  /** Drops the results up to number {@code seq}, applied by the leaderboard. */
  @Public
  public record Acknowledge(long seq) implements Activity<Boolean> {}

  /** The latest {@code limit} games, newest first. */
  public record Games(int limit) implements Rpc<List<Summary>> {}

  /** Counts of players and games. */
  public record Stats() implements Rpc<Counts> {}

  /**
   * A game in the index.
   *
   * @param id the game
   * @param white the white player's id
   * @param whiteName their name
   * @param black the black player's id
   * @param blackName their name
   * @param timeControl its time control, {@code "5+3"}
   * @param status where it stands
   * @param reason why it ended
   * @param createdAtMillis when it was created (epoch ms)
   */
  public record Summary(
      String id,
      String white,
      String whiteName,
      String black,
      String blackName,
      String timeControl,
      GameStatus status,
      Optional<EndReason> reason,
      long createdAtMillis) {}

  /**
   * A result in the feed.
   *
   * @param seq its number
   * @param result the result
   */
  public record FeedEntry(long seq, GameResult result) {}

  /**
   * Counts.
   *
   * @param players registered players
   * @param gamesInProgress games being played
   * @param gamesFinished games that ended
   * @param pendingResults results not applied to the leaderboard yet
   */
  public record Counts(
      long players, long gamesInProgress, long gamesFinished, long pendingResults) {}

  /**
   * The state.
   *
   * @param games the index, by id, in creation order
   * @param feed results not yet acknowledged, oldest first
   * @param lastSeq the number of the latest result
   * @param players registered players
   * @param finished games finished
   */
  public record Directory(
      Map<String, Summary> games,
      List<FeedEntry> feed,
      long lastSeq,
      long players,
      long finished) {}

  public static final EntityType<Directory> TYPE =
      EntityType.define("GameDirectory", Directory.class)
          .init(ctx -> new Directory(Map.of(), List.of(), 0, 0, 0))
          .activity(GameCreated.class, GameDirectory::onCreated)
          .activity(GameFinished.class, GameDirectory::onFinished)
          .activity(
              PlayerRegistered.class,
              (ctx, m) -> {
                Directory d = ctx.state();
                ctx.setState(
                    new Directory(d.games(), d.feed(), d.lastSeq(), d.players() + 1, d.finished()));
                return true;
              })
          .activity(
              Acknowledge.class,
              (ctx, m) -> {
                Directory d = ctx.state();
                List<FeedEntry> rest = d.feed().stream().filter(e -> e.seq() > m.seq()).toList();
                ctx.setState(
                    new Directory(d.games(), rest, d.lastSeq(), d.players(), d.finished()));
                return rest.size() != d.feed().size();
              })
          .rpc(
              ResultsAfter.class,
              (ctx, m) ->
                  ctx.state().feed().stream()
                      .filter(e -> e.seq() > m.seq())
                      .limit(Math.max(0, m.limit()))
                      .toList())
          .rpc(Games.class, (ctx, m) -> newestFirst(ctx.state(), m.limit()))
          .rpc(Stats.class, (ctx, m) -> counts(ctx.state()))
          .build();

  private static boolean onCreated(ActivityContext<Directory> ctx, GameCreated m) {
    Directory d = ctx.state();
    if (d.games().containsKey(m.game().id())) {
      return false;
    }
    Map<String, Summary> games = new LinkedHashMap<>(d.games());
    games.put(m.game().id(), m.game());
    ctx.setState(new Directory(games, d.feed(), d.lastSeq(), d.players(), d.finished()));
    return true;
  }

  private static boolean onFinished(ActivityContext<Directory> ctx, GameFinished m) {
    Directory d = ctx.state();
    GameResult r = m.result();
    Summary known = d.games().get(r.gameId());
    if (known != null && known.status().isOver()) {
      return false; // reported before
    }
    Map<String, Summary> games = new LinkedHashMap<>(d.games());
    games.put(
        r.gameId(),
        new Summary(
            r.gameId(),
            r.white(),
            r.whiteName(),
            r.black(),
            r.blackName(),
            known == null ? "?" : known.timeControl(),
            r.status(),
            Optional.of(r.reason()),
            known == null ? ctx.clock().millis() : known.createdAtMillis()));
    trimFinished(games);
    List<FeedEntry> feed = new ArrayList<>(d.feed());
    long seq = d.lastSeq();
    if (r.rated()) {
      feed.add(new FeedEntry(++seq, r));
    }
    ctx.setState(new Directory(games, List.copyOf(feed), seq, d.players(), d.finished() + 1));
    return true;
  }

  private static void trimFinished(Map<String, Summary> games) {
    long finished = games.values().stream().filter(s -> s.status().isOver()).count();
    var it = games.values().iterator();
    while (finished > MAX_FINISHED && it.hasNext()) {
      if (it.next().status().isOver()) {
        it.remove();
        finished--;
      }
    }
  }

  private static List<Summary> newestFirst(Directory d, int limit) {
    return d.games().values().stream()
        .sorted(
            Comparator.comparingLong(Summary::createdAtMillis)
                .reversed()
                .thenComparing(Summary::id))
        .limit(Math.max(0, limit))
        .toList();
  }

  private static Counts counts(Directory d) {
    long running = d.games().values().stream().filter(s -> !s.status().isOver()).count();
    return new Counts(d.players(), running, d.finished(), d.feed().size());
  }
}
