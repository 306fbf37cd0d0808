package io.cruster.samples.chess;

import io.cruster.sharding.Cluster;
import io.cruster.sharding.EntityType;
import java.util.List;

/**
 * The chess application on any {@link Cluster} (a {@code TestCluster}, a {@code SingleRunner} or a
 * sharded runner): registers every entity type and starts the {@code leaderboard} singleton. Call
 * it on every runner, before it starts.
 */
public final class ChessApp {
  /** Every entity type of the application. */
  public static final List<EntityType<?>> TYPES =
      List.of(
          PlayerSession.TYPE,
          ChessGame.TYPE,
          Matchmaking.TYPE,
          Leaderboard.TYPE,
          GameDirectory.TYPE,
          Usernames.TYPE);

  private ChessApp() {}

  /** Registers the entity types and the singleton on {@code cluster}. */
  public static void install(Cluster cluster) {
    TYPES.forEach(cluster::register);
    LeaderboardFeed.start(cluster);
  }
}
