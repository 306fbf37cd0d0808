/**
 * The chess server's entities, written against Cruster's public API only: {@link
 * io.cruster.samples.chess.PlayerSession} (one per player), {@link
 * io.cruster.samples.chess.ChessGame} (one per game, composing the {@link
 * io.cruster.samples.chess.Auditable} trait), {@link io.cruster.samples.chess.Matchmaking} (one
 * queue per time control), {@link io.cruster.samples.chess.Leaderboard} (Elo ratings, written only
 * by the {@code leaderboard} cluster singleton, {@link io.cruster.samples.chess.LeaderboardFeed}),
 * {@link io.cruster.samples.chess.GameDirectory} (the index of games and the feed of results) and
 * {@link io.cruster.samples.chess.Usernames}. {@link io.cruster.samples.chess.ChessApp} registers
 * them all on any {@link io.cruster.sharding.Cluster}. Business failures are reply values ({@link
 * io.cruster.samples.chess.Reply}), never exceptions.
 */
package io.cruster.samples.chess;
