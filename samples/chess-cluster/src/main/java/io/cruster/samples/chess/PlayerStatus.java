package io.cruster.samples.chess;

/** What a player is doing, as others see it. */
public enum PlayerStatus {
  /** Connected, neither queued nor playing. */
  ONLINE,
  /** Waiting in a matchmaking queue. */
  IN_QUEUE,
  /** Playing a game. */
  IN_GAME,
  /** No heartbeat for {@link PlayerSession#PRESENCE_TTL}, or disconnected. */
  OFFLINE
}
