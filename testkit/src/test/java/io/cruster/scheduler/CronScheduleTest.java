package io.cruster.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static CronSchedule of(String expression, ZoneId zone) {
    return CronSchedule.of("s", expression, zone, MissedTicks.skip());
  }

  @Test
  void unixExpressionTicksStrictlyAfterTheGivenInstant() {
    CronSchedule hourly = of("0 * * * *", UTC);
    assertEquals(
        Optional.of(at("2026-01-01T01:00:00Z")), hourly.nextTick(at("2026-01-01T00:00:00Z")));
    assertEquals(
        Optional.of(at("2026-01-01T02:00:00Z")), hourly.nextTick(at("2026-01-01T01:00:00Z")));
    assertEquals(
        Optional.of(at("2026-01-01T01:00:00Z")), hourly.nextTick(at("2026-01-01T00:59:59.999Z")));
    assertEquals(
        Optional.of(at("2026-01-01T02:00:00Z")), hourly.nextTick(at("2026-01-01T01:00:00.001Z")));
  }

  @Test
  void quartzExpressionTicksOnSeconds() {
    CronSchedule everyTen = of("*/10 * * * * ?", UTC);
    assertEquals(
        Optional.of(at("2026-01-01T00:00:10Z")), everyTen.nextTick(at("2026-01-01T00:00:00Z")));
    assertEquals(
        Optional.of(at("2026-01-01T00:01:00Z")), everyTen.nextTick(at("2026-01-01T00:00:55Z")));
  }

  @Test
  void ticksFallOnWholeSecondsWhateverTheFractionOfTheInstantAskedFrom() {
    CronSchedule everySecond = of("* * * * * ?", UTC);
    assertEquals(
        Optional.of(at("2026-01-01T00:00:01Z")),
        everySecond.nextTick(at("2026-01-01T00:00:00.489505Z")));
    assertEquals(
        Optional.of(at("2026-01-01T00:00:01Z")), everySecond.nextTick(at("2026-01-01T00:00:00Z")));
    CronSchedule everyTen = of("*/10 * * * * ?", UTC);
    assertEquals(
        Optional.of(at("2026-01-01T00:00:10Z")), everyTen.nextTick(at("2026-01-01T00:00:09.999Z")));
  }

  @Test
  void aTickTheCronLibraryCannotComputeIsACronExpressionExceptionNamingTheSchedule() {
    // Parses (every other day of February, every fourth year from 1970), but going back from 1993
    // cron-utils fails on 29 February 1990 with a DateTimeException (found by fuzzing): the caller
    // gets the clear error instead.
    CronSchedule leap = of("0 14 2,22 */2 2 ? */4", UTC);
    CronExpressionException e =
        assertThrows(
            CronExpressionException.class, () -> leap.times().previous(at("1993-12-12T14:51:55Z")));
    assertTrue(e.getMessage().contains("cannot be computed"), e.getMessage());
    assertTrue(e.getMessage().contains("0 14 2,22 */2 2 ? */4"), e.getMessage());
  }

  @Test
  void quartzYearFieldEndsTheTicks() {
    CronSchedule weekdayNoons2026 = of("0 0 12 ? * MON-FRI 2026", UTC);
    assertEquals(
        Optional.of(at("2026-01-05T12:00:00Z")),
        weekdayNoons2026.nextTick(at("2026-01-02T12:00:00Z")));
    assertEquals(Optional.empty(), weekdayNoons2026.nextTick(at("2026-12-31T12:00:00Z")));
  }

  @Test
  void zoneShiftsTicksWithDaylightSavingTime() {
    CronSchedule nightly = of("0 3 * * *", BERLIN);
    assertEquals(
        Optional.of(at("2026-01-01T02:00:00Z")),
        nightly.nextTick(at("2026-01-01T00:00:00Z"))); // CET
    assertEquals(
        Optional.of(at("2026-07-01T01:00:00Z")),
        nightly.nextTick(at("2026-07-01T00:00:00Z"))); // CEST
  }

  @Test
  void scheduleIsAValue() {
    CronSchedule a =
        CronSchedule.of(
            "nightly", " 0 3 * * * ", BERLIN, MissedTicks.catchUp(3, Duration.ofHours(6)));
    CronSchedule b =
        CronSchedule.of(
            "nightly", "0 3 * * *", BERLIN, MissedTicks.catchUp(3, Duration.ofHours(6)));
    assertEquals("nightly", a.name());
    assertEquals("0 3 * * *", a.expression());
    assertEquals(BERLIN, a.zone());
    assertEquals(MissedTicks.catchUp(3, Duration.ofHours(6)), a.policy());
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, CronSchedule.of("nightly", "0 3 * * *", BERLIN, MissedTicks.skip()));
    assertEquals(
        "CronSchedule[nightly: 0 3 * * * in Europe/Berlin, missed ticks: catchUp(3, PT6H)]",
        a.toString());
  }

  @Test
  void invalidExpressionIsRejectedNamingScheduleExpressionAndReason() {
    CronExpressionException e =
        assertThrows(
            CronExpressionException.class,
            () -> CronSchedule.of("nightly", "61 3 * * *", UTC, MissedTicks.skip()));
    assertEquals("nightly", e.scheduleName());
    assertEquals("61 3 * * *", e.expression());
    assertTrue(
        e.getMessage()
            .startsWith(
                "cron schedule [nightly]: expression [61 3 * * *] is invalid: as Unix syntax"),
        e.getMessage());
    assertTrue(e.getMessage().contains("61 not in range [0, 59]"), e.getMessage());
    assertTrue(e instanceof ConfigException);
  }

  @Test
  void unknownWordsAreRejected() {
    CronExpressionException e =
        assertThrows(CronExpressionException.class, () -> of("0 3 * * SOMEDAY", UTC));
    assertTrue(e.getMessage().contains("SOMEDAY"), e.getMessage());
  }

  @Test
  void quartzExpressionNeedsAQuestionMarkInADayField() {
    CronExpressionException e =
        assertThrows(CronExpressionException.class, () -> of("0 0 3 * * *", UTC));
    assertTrue(e.getMessage().contains("as Quartz syntax (6 fields)"), e.getMessage());
    assertTrue(e.getMessage().contains("day-of-week AND a day-of-month"), e.getMessage());
  }

  @Test
  void fourFieldsAreRejected() {
    CronExpressionException e =
        assertThrows(
            CronExpressionException.class,
            () -> CronSchedule.of("nightly", "0 3 * *", UTC, MissedTicks.skip()));
    assertEquals(
        "cron schedule [nightly]: expression [0 3 * *] is invalid: it has 4 fields; expected 5 fields (Unix:"
            + " minute hour day-of-month month day-of-week) or 6 to 7 (Quartz: second minute hour day-of-month month"
            + " day-of-week [year])",
        e.getMessage());
  }

  @Test
  void eightFieldsAreRejected() {
    CronExpressionException e =
        assertThrows(CronExpressionException.class, () -> of("0 0 3 ? * * 2026 1", UTC));
    assertTrue(e.getMessage().contains("it has 8 fields; expected 5 fields"), e.getMessage());
  }

  @Test
  void blankExpressionIsRejected() {
    CronExpressionException e = assertThrows(CronExpressionException.class, () -> of("  ", UTC));
    assertTrue(e.getMessage().contains("is invalid: it is blank"), e.getMessage());
  }

  @Test
  void controlCharactersBetweenFieldsAreRejectedAsAnExpressionNotAsACrash() {
    // Found by CronTimesFuzzTest: cron-utils threw ArrayIndexOutOfBoundsException on this one.
    String hostile = "|\u000b\u000b\u000b\u000b]\u000b\u000b\u0000\u0000\n\u0000\u0000\u000b\u0000";
    CronExpressionException e = assertThrows(CronExpressionException.class, () -> of(hostile, UTC));
    assertTrue(e.getMessage().contains("is invalid"), e.getMessage());
  }

  @Test
  void fieldsSeparatedByTabsAndRunsOfBlanksReadAsFields() {
    assertEquals(
        of("0 3 * * *", UTC).nextTick(at("2026-01-01T00:00:00Z")),
        of("0\t3  *\u000b* *", UTC).nextTick(at("2026-01-01T00:00:00Z")));
  }

  @Test
  void blankNameIsRejected() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> CronSchedule.of(" ", "0 3 * * *", UTC, MissedTicks.skip()));
    assertEquals("cron schedule name must not be blank, was [ ]", e.getMessage());
  }

  @Test
  void nameWithWhitespaceIsRejected() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> CronSchedule.of("nightly report", "0 3 * * *", UTC, MissedTicks.skip()));
    assertEquals("cron schedule name [nightly report] must not contain whitespace", e.getMessage());
  }

  @Test
  void nameWithOtherCharactersIsRejected() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> CronSchedule.of("reports/nightly", "0 3 * * *", UTC, MissedTicks.skip()));
    assertTrue(
        e.getMessage().startsWith("cron schedule name [reports/nightly] must be letters, digits"),
        e.getMessage());
  }

  @Test
  void tooLongNameIsRejected() {
    CronSchedule.of("n".repeat(CronSchedule.MAX_NAME_LENGTH), "0 3 * * *", UTC, MissedTicks.skip());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                CronSchedule.of(
                    "n".repeat(CronSchedule.MAX_NAME_LENGTH + 1),
                    "0 3 * * *",
                    UTC,
                    MissedTicks.skip()));
    assertTrue(e.getMessage().endsWith("is 201 characters long; at most 200"), e.getMessage());
  }

  @Test
  void nullNameExpressionAndZoneAreRejected() {
    assertEquals(
        "cron schedule name must not be null",
        assertThrows(
                NullPointerException.class,
                () -> CronSchedule.of(null, "0 3 * * *", UTC, MissedTicks.skip()))
            .getMessage());
    assertEquals(
        "cron schedule [nightly]: expression must not be null",
        assertThrows(
                NullPointerException.class,
                () -> CronSchedule.of("nightly", null, UTC, MissedTicks.skip()))
            .getMessage());
    assertEquals(
        "cron schedule [nightly]: zone must not be null",
        assertThrows(
                NullPointerException.class,
                () -> CronSchedule.of("nightly", "0 3 * * *", null, MissedTicks.skip()))
            .getMessage());
  }

  @Test
  void catchUpArgumentsAreValidated() {
    assertEquals(
        "MissedTicks.catchUp: maxTicks must be at least 1, was 0 (to run no missed tick, use MissedTicks.skip())",
        assertThrows(ConfigException.class, () -> MissedTicks.catchUp(0, Duration.ofHours(1)))
            .getMessage());
    assertEquals(
        "MissedTicks.catchUp: maxTicks must be at least 1, was -3 (to run no missed tick, use MissedTicks.skip())",
        assertThrows(ConfigException.class, () -> MissedTicks.catchUp(-3, Duration.ofHours(1)))
            .getMessage());
    assertEquals(
        "MissedTicks.catchUp: maxTicks must be at most 1000, was 1001",
        assertThrows(ConfigException.class, () -> MissedTicks.catchUp(1001, Duration.ofHours(1)))
            .getMessage());
    assertEquals(
        "MissedTicks.catchUp: within must be a positive duration, was PT0S",
        assertThrows(ConfigException.class, () -> MissedTicks.catchUp(3, Duration.ZERO))
            .getMessage());
    assertEquals(
        "MissedTicks.catchUp: within must be a positive duration, was PT-1M",
        assertThrows(ConfigException.class, () -> MissedTicks.catchUp(3, Duration.ofMinutes(-1)))
            .getMessage());
    assertEquals(
        "MissedTicks.catchUp: within must not be null",
        assertThrows(NullPointerException.class, () -> MissedTicks.catchUp(3, null)).getMessage());
    assertEquals(
        new MissedTicks.CatchUp(1000, Duration.ofDays(1)),
        MissedTicks.catchUp(1000, Duration.ofDays(1)));
  }
}
