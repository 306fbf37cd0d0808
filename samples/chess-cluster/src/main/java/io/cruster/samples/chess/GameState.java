package io.cruster.samples.chess;

import io.cruster.samples.chess.GameView.ClockView;
import io.cruster.samples.chess.GameView.MoveView;
import io.cruster.samples.chess.rules.Color;
import io.cruster.samples.chess.rules.Move;
import io.cruster.samples.chess.rules.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The persisted state of a {@link ChessGame}, and the rules that move it on: each transition
 * returns a new state or a refusal, reading the time from its argument (so tests run it on a manual
 * clock). The clock of the side to move runs from {@code turnStartedAtMillis}; {@code
 * whiteMs}/{@code blackMs} hold what each had when their last turn ended. Immutable.
 *
 * @param created whether the game was created (an entity that was never created is empty)
 * @param id the game's id
 * @param white the white player's id
 * @param black the black player's id
 * @param whiteName the white player's username
 * @param blackName the black player's username
 * @param timeControl the time control
 * @param moves the moves played
 * @param status where it stands
 * @param reason why it ended
 * @param whiteMs White's time left when its clock last stopped
 * @param blackMs Black's time left when its clock last stopped
 * @param turnStartedAtMillis when the clock of the side to move started (epoch ms)
 * @param drawOffer the side whose draw offer stands
 */
public record GameState(
    boolean created,
    String id,
    String white,
    String black,
    String whiteName,
    String blackName,
    TimeControl timeControl,
    List<MoveView> moves,
    GameStatus status,
    Optional<EndReason> reason,
    long whiteMs,
    long blackMs,
    long turnStartedAtMillis,
    Optional<Color> drawOffer) {

  static final String START_FEN = Position.start().fen();

  /** The state of a game not created yet. */
  static GameState empty(String id) {
    return new GameState(
        false,
        id,
        "",
        "",
        "",
        "",
        TimeControl.BLITZ,
        List.of(),
        GameStatus.IN_PROGRESS,
        Optional.empty(),
        0,
        0,
        0,
        Optional.empty());
  }

  /** A new game whose white clock starts at {@code now}. */
  static GameState start(String id, ChessGame.Create c, long now) {
    TimeControl tc = c.timeControl();
    return new GameState(
        true,
        id,
        c.white(),
        c.black(),
        c.whiteName(),
        c.blackName(),
        tc,
        List.of(),
        GameStatus.IN_PROGRESS,
        Optional.empty(),
        tc.initialMillis(),
        tc.initialMillis(),
        now,
        Optional.empty());
  }

  /** The position now. */
  Position position() {
    return Position.fromFen(fen());
  }

  String fen() {
    return moves.isEmpty() ? START_FEN : moves.get(moves.size() - 1).fen();
  }

  Color turn() {
    return moves.size() % 2 == 0 ? Color.WHITE : Color.BLACK;
  }

  Optional<Color> colorOf(String player) {
    if (white.equals(player)) {
      return Optional.of(Color.WHITE);
    }
    return black.equals(player) ? Optional.of(Color.BLACK) : Optional.empty();
  }

  String playerOf(Color color) {
    return color == Color.WHITE ? white : black;
  }

  String nameOf(Color color) {
    return color == Color.WHITE ? whiteName : blackName;
  }

  /**
   * Milliseconds {@code side} has left at {@code now} (its clock runs while it is to move in a
   * running game).
   */
  long remaining(Color side, long now) {
    long stored = side == Color.WHITE ? whiteMs : blackMs;
    if (status.isOver() || side != turn()) {
      return stored;
    }
    return Math.max(0, stored - Math.max(0, now - turnStartedAtMillis));
  }

  /** When the flag of the side to move falls, if nobody moves (epoch ms). */
  long flagFallsAt() {
    return turnStartedAtMillis + (turn() == Color.WHITE ? whiteMs : blackMs);
  }

  GameView view(long now) {
    List<String> legal =
        status.isOver() ? List.of() : position().legalMoves().stream().map(Move::uci).toList();
    return new GameView(
        id,
        white,
        black,
        whiteName,
        blackName,
        timeControl,
        fen(),
        turn(),
        moves,
        status,
        reason,
        clock(now),
        drawOffer,
        legal);
  }

  ClockView clock(long now) {
    return new ClockView(remaining(Color.WHITE, now), remaining(Color.BLACK, now));
  }

  /** Why {@code player} may not act on this game now, if they may not. */
  Optional<Reply<GameView>> refuseUnlessPlaying(String player) {
    if (!created) {
      return Optional.of(Reply.refused(Refusal.NOT_FOUND, "no game " + id));
    }
    if (colorOf(player).isEmpty()) {
      return Optional.of(
          Reply.refused(Refusal.NOT_IN_GAME, player + " does not play in game " + id));
    }
    if (status.isOver()) {
      return Optional.of(Reply.refused(Refusal.GAME_OVER, "game " + id + " is over: " + status));
    }
    return Optional.empty();
  }

  /**
   * Plays {@code move} for the side to move at {@code now}; the caller has checked turn and flag.
   */
  Optional<GameState> play(Move move, long now) {
    Position position = position();
    Optional<String> san = position.play(move);
    if (san.isEmpty()) {
      return Optional.empty();
    }
    Color mover = turn();
    long left = remaining(mover, now) + timeControl.incrementMillis();
    List<MoveView> played = new ArrayList<>(moves);
    played.add(new MoveView(move.uci(), san.get(), position.fen()));
    Optional<Color> offer = drawOffer.filter(c -> c == mover);
    GameState next =
        new GameState(
            true,
            id,
            white,
            black,
            whiteName,
            blackName,
            timeControl,
            List.copyOf(played),
            status,
            reason,
            mover == Color.WHITE ? left : whiteMs,
            mover == Color.BLACK ? left : blackMs,
            now,
            offer);
    return Optional.of(next.automaticEnd(position, mover, now));
  }

  /** Ends the game if the position after a move of {@code mover} ends it by itself. */
  private GameState automaticEnd(Position position, Color mover, long now) {
    if (position.isCheckmate()) {
      return end(
          mover == Color.WHITE ? GameStatus.WHITE_WINS : GameStatus.BLACK_WINS,
          EndReason.CHECKMATE,
          now);
    }
    if (position.isStalemate()) {
      return end(GameStatus.DRAW, EndReason.STALEMATE, now);
    }
    if (position.isInsufficientMaterial()) {
      return end(GameStatus.DRAW, EndReason.INSUFFICIENT_MATERIAL, now);
    }
    if (repetitions(position.repetitionKey()) >= 3) {
      return end(GameStatus.DRAW, EndReason.THREEFOLD_REPETITION, now);
    }
    if (position.halfmoveClock() >= 100) {
      return end(GameStatus.DRAW, EndReason.FIFTY_MOVE_RULE, now);
    }
    return this;
  }

  private int repetitions(String key) {
    int n = repetitionKey(START_FEN).equals(key) ? 1 : 0;
    for (MoveView m : moves) {
      if (repetitionKey(m.fen()).equals(key)) {
        n++;
      }
    }
    return n;
  }

  private static String repetitionKey(String fen) {
    return fen.substring(0, fen.lastIndexOf(' ', fen.lastIndexOf(' ') - 1));
  }

  /**
   * The game ended at {@code now}: the clock of the side to move stops with what it has left, and a
   * standing draw offer lapses.
   */
  GameState end(GameStatus result, EndReason why, long now) {
    Color toMove = turn();
    long left = remaining(toMove, now);
    return new GameState(
        true,
        id,
        white,
        black,
        whiteName,
        blackName,
        timeControl,
        moves,
        result,
        Optional.of(why),
        toMove == Color.WHITE ? left : whiteMs,
        toMove == Color.BLACK ? left : blackMs,
        now,
        Optional.empty());
  }

  /**
   * The side to move ran out of time: it loses, unless its opponent has only a king left (a draw).
   */
  GameState flagFell(long now) {
    Color loser = turn();
    Color winner = loser.opponent();
    GameStatus result =
        position().hasBareKing(winner)
            ? GameStatus.DRAW
            : winner == Color.WHITE ? GameStatus.WHITE_WINS : GameStatus.BLACK_WINS;
    return end(result, EndReason.TIMEOUT, now);
  }

  GameState withDrawOffer(Optional<Color> offer) {
    return new GameState(
        created,
        id,
        white,
        black,
        whiteName,
        blackName,
        timeControl,
        moves,
        status,
        reason,
        whiteMs,
        blackMs,
        turnStartedAtMillis,
        offer);
  }
}
