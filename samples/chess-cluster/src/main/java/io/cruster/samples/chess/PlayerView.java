package io.cruster.samples.chess;

import java.util.Optional;

/**
 * A player as others see them. Immutable.
 *
 * @param id the player's id
 * @param username their name
 * @param status what they are doing
 * @param currentGame the game they play now, if any
 * @param queue the time control they are queued for, if queued
 */
public record PlayerView(
    String id,
    String username,
    PlayerStatus status,
    Optional<String> currentGame,
    Optional<String> queue) {}
