/**
 * The chess server: the HTTP + WebSocket API (Helidon 4 SE on virtual threads) over the entities of
 * {@link io.cruster.samples.chess}, the web page, the Prometheus metrics, and {@link
 * io.cruster.samples.chess.server.ChessServer}, the main class of a runner (one of a sharded
 * cluster, or a single runner on an embedded database). Every runner serves the whole API: any
 * runner can reach any entity.
 */
package io.cruster.samples.chess.server;
