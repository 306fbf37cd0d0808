/**
 * The rules of chess, written for this sample (no chess library): a 0x88 mailbox board with
 * make/unmake, a legal move generator validated by perft, FEN, UCI and SAN notation, and the
 * automatic endings (checkmate, stalemate, insufficient material, threefold repetition, the
 * fifty-move rule). Nothing here is thread-safe unless it says so; {@link
 * io.cruster.samples.chess.rules.Move} and {@link io.cruster.samples.chess.rules.Color} are
 * immutable.
 */
package io.cruster.samples.chess.rules;
