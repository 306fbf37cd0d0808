package io.cruster.samples.chess;

import io.cruster.sharding.Activity;
import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Elo leaderboard, one entity ({@link #ID}): ratings, wins, losses, draws and peak of every
 * player who finished a rated game. Written only by the {@code leaderboard} cluster singleton
 * ({@link LeaderboardFeed}), which applies the results of the {@link GameDirectory}'s feed in
 * order, each once ({@link Apply} carries the result's number in the feed; an old number is
 * ignored). Ranks: rating, then more wins, then username.
 */
public final class Leaderboard {
  /** The id of the one leaderboard. */
  public static final String ID = "global";

  private Leaderboard() {}

  /**
   * Applies result number {@code seq} of the feed, unless it was applied already; replies whether
   * it applied it.
   */
  @Public
  public record Apply(long seq, GameResult result) implements Activity<Boolean> {}

  /** The number of the last result applied. */
  public record Applied() implements Rpc<Long> {}

  /** The best {@code limit} players. */
  public record Top(int limit) implements Rpc<List<Ranked>> {}

  /** A player's standing and the {@code span} players above and below them. */
  public record Around(String player, int span) implements Rpc<Optional<Neighbourhood>> {}

  /** A player's rating ({@value Elo#INITIAL} before their first rated game). */
  public record RatingOf(String player) implements Rpc<Integer> {}

  /**
   * A player's record.
   *
   * @param player their id
   * @param username their name
   * @param rating their rating
   * @param wins games won
   * @param losses games lost
   * @param draws games drawn
   * @param peak their highest rating
   */
  public record Standing(
      String player, String username, int rating, int wins, int losses, int draws, int peak) {
    Standing scored(String name, int newRating, double score) {
      return new Standing(
          player,
          name,
          newRating,
          wins + (score == 1.0 ? 1 : 0),
          losses + (score == 0.0 ? 1 : 0),
          draws + (score == 0.5 ? 1 : 0),
          Math.max(peak, newRating));
    }
  }

  /**
   * A standing with its rank.
   *
   * @param standing the record
   * @param rank 1 for the best
   */
  public record Ranked(Standing standing, int rank) {}

  /**
   * A player and those around them.
   *
   * @param player the player
   * @param above the players just above, best first
   * @param below the players just below, best first
   */
  public record Neighbourhood(Ranked player, List<Ranked> above, List<Ranked> below) {}

  /**
   * The state.
   *
   * @param players every rated player's standing, by id
   * @param appliedSeq the number of the last result applied
   */
  public record Board(Map<String, Standing> players, long appliedSeq) {}

  public static final EntityType<Board> TYPE =
      EntityType.define("Leaderboard", Board.class)
          .init(ctx -> new Board(Map.of(), 0))
          .activity(Apply.class, Leaderboard::onApply)
          .rpc(Applied.class, (ctx, m) -> ctx.state().appliedSeq())
          .rpc(
              Top.class,
              (ctx, m) -> ranked(ctx.state()).stream().limit(Math.max(0, m.limit())).toList())
          .rpc(Around.class, (ctx, m) -> around(ctx.state(), m))
          .rpc(
              RatingOf.class,
              (ctx, m) ->
                  Optional.ofNullable(ctx.state().players().get(m.player()))
                      .map(Standing::rating)
                      .orElse(Elo.INITIAL))
          .register(Ranked.class, Neighbourhood.class, Standing.class)
          .build();

  private static boolean onApply(ActivityContext<Board> ctx, Apply m) {
    Board b = ctx.state();
    if (m.seq() <= b.appliedSeq()) {
      return false;
    }
    GameResult r = m.result();
    Map<String, Standing> players = new HashMap<>(b.players());
    if (r.rated()) {
      Standing white = players.getOrDefault(r.white(), fresh(r.white(), r.whiteName()));
      Standing black = players.getOrDefault(r.black(), fresh(r.black(), r.blackName()));
      double score = r.whiteScore();
      players.put(
          r.white(),
          white.scored(r.whiteName(), Elo.next(white.rating(), black.rating(), score), score));
      players.put(
          r.black(),
          black.scored(
              r.blackName(), Elo.next(black.rating(), white.rating(), 1 - score), 1 - score));
    }
    ctx.setState(new Board(Map.copyOf(players), m.seq()));
    return true;
  }

  private static Standing fresh(String player, String name) {
    return new Standing(player, name, Elo.INITIAL, 0, 0, 0, Elo.INITIAL);
  }

  private static final Comparator<Standing> ORDER =
      Comparator.comparingInt(Standing::rating)
          .reversed()
          .thenComparing(Comparator.comparingInt(Standing::wins).reversed())
          .thenComparing(Standing::username)
          .thenComparing(Standing::player);

  static List<Ranked> ranked(Board b) {
    List<Standing> sorted = b.players().values().stream().sorted(ORDER).toList();
    return java.util.stream.IntStream.range(0, sorted.size())
        .mapToObj(i -> new Ranked(sorted.get(i), i + 1))
        .toList();
  }

  private static Optional<Neighbourhood> around(Board b, Around m) {
    List<Ranked> all = ranked(b);
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).standing().player().equals(m.player())) {
        int span = Math.max(0, m.span());
        return Optional.of(
            new Neighbourhood(
                all.get(i),
                List.copyOf(all.subList(Math.max(0, i - span), i)),
                List.copyOf(all.subList(i + 1, Math.min(all.size(), i + 1 + span)))));
      }
    }
    return Optional.empty();
  }
}
