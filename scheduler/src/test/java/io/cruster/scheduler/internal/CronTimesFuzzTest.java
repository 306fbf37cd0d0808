package io.cruster.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cruster.scheduler.CronExpressionException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Hostile cron expressions: any string either parses, and then answers its next and previous ticks
 * quickly and in order, or fails with {@link CronExpressionException} (when parsed, or when a tick
 * cannot be computed). Hangs are caught by the fuzzer's per-input timeout.
 */
class CronTimesFuzzTest {
  static final List<ZoneId> ZONES =
      List.of(
          ZoneOffset.UTC,
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Australia/Lord_Howe"),
          ZoneId.of("Pacific/Apia"));

  @FuzzTest(maxDuration = "30s")
  void anyExpressionParsesAndTicksOrFailsWithCronExpressionException(FuzzedDataProvider data) {
    ZoneId zone = data.pickValue(ZONES);
    long seconds = data.consumeLong(0, 4_102_444_800L); // 1970 .. 2100
    String expression = data.consumeRemainingAsString();
    CronTimes times;
    try {
      times = CronTimes.parse("fuzz", expression, zone);
    } catch (CronExpressionException e) {
      return;
    }
    Instant at = Instant.ofEpochSecond(seconds);
    try {
      Optional<Instant> next = times.next(at);
      next.ifPresent(n -> assertTrue(n.isAfter(at), expression + ": next " + n + " after " + at));
      Optional<Instant> previous = times.previous(at);
      previous.ifPresent(
          p -> assertTrue(p.isBefore(at), expression + ": previous " + p + " before " + at));
    } catch (CronExpressionException e) {
      // Parsed, but a tick cannot be computed (cron-utils fails on some expressions it accepts):
      // the same clear error, never another exception.
    }
  }
}
