/**
 * The {@code chess} command line ({@link io.cruster.samples.chess.cli.ChessCli}, picocli): players,
 * matchmaking, games, the leaderboard and admin views over the HTTP API of any runner, and {@code
 * perft}, which runs locally.
 */
package io.cruster.samples.chess.cli;
