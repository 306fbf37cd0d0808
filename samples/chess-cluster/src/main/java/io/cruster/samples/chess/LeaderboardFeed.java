package io.cruster.samples.chess;

import io.cruster.sharding.Cluster;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.SingletonContext;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code leaderboard} cluster singleton, the one writer of the {@link Leaderboard}: on
 * whichever runner it lives, it reads the {@link GameDirectory}'s feed of results after the last
 * one the leaderboard applied, applies each in order, and acknowledges them so the feed stays
 * short. Restarted elsewhere after a crash, it continues from what the leaderboard has applied (an
 * {@link Leaderboard.Apply} carries the result's number, so none counts twice).
 */
public final class LeaderboardFeed {
  /** The singleton's name. */
  public static final String NAME = "leaderboard";

  /** How long it waits when there is nothing to apply. */
  public static final Duration IDLE = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(LeaderboardFeed.class);
  private static final int BATCH = 100;

  private LeaderboardFeed() {}

  /** Runs the feed as a singleton of {@code cluster}. */
  public static void start(Cluster cluster) {
    cluster.singleton(NAME, ctx -> run(cluster, ctx));
  }

  private static void run(Cluster cluster, SingletonContext ctx) {
    EntityClient directory = cluster.client(GameDirectory.TYPE);
    EntityClient board = cluster.client(Leaderboard.TYPE);
    LOG.info("leaderboard feed started here");
    while (ctx.isActive()) {
      long applied = board.call(Leaderboard.ID, new Leaderboard.Applied());
      List<GameDirectory.FeedEntry> entries =
          directory.call(GameDirectory.ID, new GameDirectory.ResultsAfter(applied, BATCH));
      for (GameDirectory.FeedEntry e : entries) {
        board.call(Leaderboard.ID, new Leaderboard.Apply(e.seq(), e.result()));
      }
      if (!entries.isEmpty()) {
        directory.call(
            GameDirectory.ID, new GameDirectory.Acknowledge(entries.get(entries.size() - 1).seq()));
      } else {
        ctx.sleep(IDLE);
      }
    }
  }
}
