package io.cruster.samples.chess.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Text renderings of the API's JSON for a terminal. */
final class Render {
  private Render() {}

  static String board(String fen) {
    StringBuilder b = new StringBuilder();
    String[] ranks = fen.split(" ")[0].split("/");
    for (int r = 0; r < 8; r++) {
      b.append(8 - r).append("  ");
      for (char c : ranks[r].toCharArray()) {
        if (Character.isDigit(c)) {
          b.append(". ".repeat(c - '0'));
        } else {
          b.append(c).append(' ');
        }
      }
      b.append('\n');
    }
    return b.append("   a b c d e f g h").toString();
  }

  static String game(JsonNode g) {
    StringBuilder b = new StringBuilder();
    b.append("game ")
        .append(g.path("id").asText())
        .append(" (")
        .append(g.path("timeControl").asText())
        .append(")\n");
    b.append("white ")
        .append(g.path("whiteName").asText())
        .append(" ")
        .append(clock(g.path("clock").path("whiteMs")))
        .append("   black ")
        .append(g.path("blackName").asText())
        .append(" ")
        .append(clock(g.path("clock").path("blackMs")))
        .append('\n');
    b.append(board(g.path("fen").asText())).append('\n');
    b.append("moves: ").append(moves(g)).append('\n');
    b.append("fen: ").append(g.path("fen").asText()).append('\n');
    String status = g.path("status").asText();
    b.append("status: ").append(status);
    if (status.equals("IN_PROGRESS")) {
      b.append(", ").append(g.path("turn").asText()).append(" to move");
      if (!g.path("drawOffer").isNull()) {
        b.append(", ").append(g.path("drawOffer").asText()).append(" offers a draw");
      }
    } else {
      b.append(" (").append(g.path("reason").asText()).append(")");
    }
    return b.toString();
  }

  static String moves(JsonNode g) {
    StringBuilder b = new StringBuilder();
    JsonNode moves = g.path("moves");
    for (int i = 0; i < moves.size(); i++) {
      if (i % 2 == 0) {
        b.append(i / 2 + 1).append(". ");
      }
      b.append(moves.get(i).path("san").asText()).append(' ');
    }
    return b.toString().trim();
  }

  static String clock(JsonNode ms) {
    long s = (ms.asLong() + 999) / 1000;
    return String.format("%d:%02d", s / 60, s % 60);
  }

  static String standing(JsonNode r) {
    return String.format(
        "%4s  %-24s %5d  %d/%d/%d  (peak %d)",
        r.path("rank").isNull() ? "-" : r.path("rank").asText(),
        r.path("username").asText(),
        r.path("rating").asInt(),
        r.path("wins").asInt(),
        r.path("losses").asInt(),
        r.path("draws").asInt(),
        r.path("peak").asInt());
  }
}
