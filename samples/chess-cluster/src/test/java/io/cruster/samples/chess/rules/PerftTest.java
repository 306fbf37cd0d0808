package io.cruster.samples.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The move generator against the published perft counts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerftTest {
  /**
   * Kiwipete as published (Chess Programming Wiki, "Perft Results"). The copy of it lacks
   * the black pawn on h3 ({@code 2N2Q2} for {@code 2N2Q1p}); 48 / 2,039 / 97,862 are the counts of
   * this one.
   */
  static final String KIWIPETE =
      "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1";

  @ParameterizedTest(name = "start position, depth {0}: {1} nodes")
  @CsvSource({"1, 20", "2, 400", "3, 8902", "4, 197281", "5, 4865609"})
  void startPositionMatchesThePublishedCounts(int depth, long nodes) {
    long started = System.nanoTime();
    assertEquals(nodes, Position.start().perft(depth));
    report("start", depth, nodes, started);
  }

  @ParameterizedTest(name = "Kiwipete, depth {0}: {1} nodes")
  @CsvSource({"1, 48", "2, 2039", "3, 97862"})
  void kiwipeteMatchesThePublishedCounts(int depth, long nodes) {
    long started = System.nanoTime();
    assertEquals(nodes, Position.fromFen(KIWIPETE).perft(depth));
    report("kiwipete", depth, nodes, started);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Chess Programming Wiki positions 3, 4 and 5: en passant pins, promotions, castling
        // through checks.
        "8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1 | 4 | 43238",
        "r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1 | 3 | 9467",
        "rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8 | 3 | 62379"
      })
  void trickyPositionsMatchThePublishedCounts(String fen, int depth, long nodes) {
    assertEquals(nodes, Position.fromFen(fen).perft(depth));
  }

  @Test
  void perftLeavesThePositionAsItWas() {
    Position p = Position.fromFen(KIWIPETE);
    p.perft(3);
    assertEquals(KIWIPETE, p.fen());
  }

  private static void report(String name, int depth, long nodes, long startedNanos) {
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    System.out.printf("perft %s depth %d: %d nodes in %d ms%n", name, depth, nodes, ms);
  }
}
