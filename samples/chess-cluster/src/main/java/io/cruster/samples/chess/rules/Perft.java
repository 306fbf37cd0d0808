package io.cruster.samples.chess.rules;

/**
 * Counts the leaf nodes of the legal move tree (perft), the standard check of a move generator. One
 * move buffer per ply; the last ply counts the legal moves without making them (bulk counting).
 */
final class Perft {
  private Perft() {}

  static long count(Board board, int depth) {
    int[][] buffers = new int[depth][MoveGenerator.MAX_MOVES];
    return count(board, depth, buffers);
  }

  private static long count(Board board, int depth, int[][] buffers) {
    int[] moves = buffers[depth - 1];
    int n = MoveGenerator.legal(board, moves);
    if (depth == 1) {
      return n;
    }
    long nodes = 0;
    for (int i = 0; i < n; i++) {
      board.make(moves[i]);
      nodes += count(board, depth - 1, buffers);
      board.unmake(moves[i]);
    }
    return nodes;
  }
}
