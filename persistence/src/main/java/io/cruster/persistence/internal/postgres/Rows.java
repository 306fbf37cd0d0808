package io.cruster.persistence.internal.postgres;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.persistence.spi.StepKind;
import io.cruster.persistence.spi.TimerRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Column lists and row mapping of the cruster_ tables. PostgreSQL keeps time to the microsecond, so
 * every instant is truncated to it on the way in (finer parts would not come back). Stateless.
 */
final class Rows {
  static final String REQUEST_COLUMNS =
      "request_id, entity_type, entity_id, shard_group, shard_id, tag, "
          + "payload, dedupe_key, expects_reply, created_at, deliver_at, status, failures, last_error, "
          + "reply_failure, reply_payload, reply_at, trace_context";
  static final String TIMER_COLUMNS =
      "timer_id, entity_type, entity_id, shard_group, shard_id, execution_id, step, wake_at";
  static final String JOURNAL_COLUMNS =
      "execution_id, step, kind, tag, result, failed, recorded_at";

  private Rows() {}

  /** The request in the current row, read from {@link #REQUEST_COLUMNS} (by name). */
  static RequestState request(ResultSet row) throws SQLException {
    RequestRecord request =
        new RequestRecord(
            row.getString("request_id"),
            new EntityAddress(row.getString("entity_type"), row.getString("entity_id")),
            new ShardId(row.getString("shard_group"), row.getInt("shard_id")),
            row.getString("tag"),
            row.getBytes("payload"),
            row.getString("dedupe_key"),
            row.getBoolean("expects_reply"),
            instant(row, "created_at"),
            instant(row, "deliver_at"),
            traceContext(row.getString("trace_context")));
    byte[] replyPayload = row.getBytes("reply_payload");
    Optional<ReplyRecord> reply =
        replyPayload == null
            ? Optional.empty()
            : Optional.of(
                new ReplyRecord(
                    request.requestId(),
                    row.getBoolean("reply_failure"),
                    replyPayload,
                    instant(row, "reply_at")));
    return new RequestState(
        request,
        status(row.getString("status")),
        row.getInt("failures"),
        Optional.ofNullable(row.getString("last_error")),
        reply);
  }

  /** A request's trace context as its column holds it: "name=value" lines; null when empty. */
  static String traceText(Map<String, String> context) {
    if (context.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    new java.util.TreeMap<>(context)
        .forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    return b.toString();
  }

  /** The trace context a trace_context column holds (null: none). */
  static Map<String, String> traceContext(String text) {
    if (text == null || text.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new java.util.HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }

  static TimerRecord timer(ResultSet row) throws SQLException {
    return new TimerRecord(
        row.getString("timer_id"),
        new EntityAddress(row.getString("entity_type"), row.getString("entity_id")),
        new ShardId(row.getString("shard_group"), row.getInt("shard_id")),
        row.getString("execution_id"),
        row.getInt("step"),
        instant(row, "wake_at"));
  }

  static JournalEntry journalEntry(ResultSet row) throws SQLException {
    String kind = row.getString("kind");
    StepKind stepKind;
    try {
      stepKind = StepKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new StorageException(
          "cruster_journal holds unknown step kind '"
              + kind
              + "' for step "
              + row.getInt("step")
              + " of execution "
              + row.getString("execution_id"),
          e);
    }
    return new JournalEntry(
        row.getString("execution_id"),
        row.getInt("step"),
        stepKind,
        row.getString("tag"),
        row.getBytes("result"),
        row.getBoolean("failed"),
        instant(row, "recorded_at"));
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    return row.getObject(column, OffsetDateTime.class).toInstant();
  }

  static void setInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    statement.setObject(
        index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
  }

  /**
   * ISO-8601 text of the instant to the microsecond, which PostgreSQL reads as timestamptz in any
   * setting.
   */
  static String iso(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).toString();
  }

  /** Text PostgreSQL can store: a NUL character (which it refuses) becomes U+FFFD. */
  static String text(String value) {
    return value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }

  private static RequestStatus status(String status) {
    try {
      return RequestStatus.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw new StorageException("cruster_requests holds unknown status '" + status + "'", e);
    }
  }
}
