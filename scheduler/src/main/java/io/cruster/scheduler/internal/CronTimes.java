package io.cruster.scheduler.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.cruster.scheduler.CronExpressionException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The ticks of one parsed cron expression in one time zone: the only place that touches cron-utils.
 * The syntax is chosen by field count (5: Unix; 6 or 7: Quartz, with seconds and an optional year).
 * Immutable and thread-safe (cron-utils' {@code ExecutionTime} keeps only final, precomputed
 * fields).
 */
public final class CronTimes {
  private static final CronDefinition UNIX =
      CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
  private static final CronDefinition QUARTZ =
      CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ);

  private final ExecutionTime execution;
  private final ZoneId zone;
  private final String schedule;
  private final String expression;

  private CronTimes(ExecutionTime execution, ZoneId zone, String schedule, String expression) {
    this.execution = execution;
    this.zone = zone;
    this.schedule = schedule;
    this.expression = expression;
  }

  /**
   * Parses {@code expression} for schedule {@code schedule}.
   *
   * @throws CronExpressionException naming the schedule, the expression and what is wrong with it
   */
  public static CronTimes parse(String schedule, String expression, ZoneId zone) {
    String trimmed = expression.strip();
    if (trimmed.isEmpty()) {
      throw new CronExpressionException(schedule, expression, "it is blank; " + FIELDS_RULE);
    }
    String[] parts = trimmed.split("\\s+");
    int fields = parts.length;
    // cron-utils splits on spaces only: hand it the fields joined by single spaces, so that tabs,
    // vertical tabs or runs of blanks between fields mean what they look like.
    String normalized = String.join(" ", parts);
    CronDefinition definition =
        switch (fields) {
          case 5 -> UNIX;
          case 6, 7 -> QUARTZ;
          default ->
              throw new CronExpressionException(
                  schedule, expression, "it has " + fields + " fields; " + FIELDS_RULE);
        };
    String syntax = definition == UNIX ? "Unix" : "Quartz";
    try {
      // A parser is cheap to build and this runs once per schedule; one per call avoids relying on
      // its thread-safety.
      Cron cron = new CronParser(definition).parse(normalized).validate();
      return new CronTimes(ExecutionTime.forCron(cron), zone, schedule, expression);
    } catch (RuntimeException e) {
      // IllegalArgumentException is what cron-utils documents; hostile input also reaches index
      // and null-pointer errors inside it (found by fuzzing): all of them mean "not an expression".
      throw new CronExpressionException(
          schedule,
          expression,
          "as "
              + syntax
              + " syntax ("
              + fields
              + " fields): "
              + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
    }
  }

  private static final String FIELDS_RULE =
      "expected 5 fields (Unix: minute hour day-of-month month day-of-week)"
          + " or 6 to 7 (Quartz: second minute hour day-of-month month day-of-week [year])";

  /**
   * The first tick strictly after {@code after}, or empty if the expression has no more ticks.
   *
   * @throws CronExpressionException when the tick cannot be computed (cron-utils fails on some
   *     expressions it parsed, such as a 29 February in years none of which is a leap year)
   */
  public Optional<Instant> next(Instant after) {
    // Ticks fall on whole seconds; cron-utils carries a fraction of the input into its answer, so
    // ask from the whole second at or before: the next tick after it is also after {@code after}.
    try {
      return execution
          .nextExecution(ZonedDateTime.ofInstant(after.truncatedTo(ChronoUnit.SECONDS), zone))
          .map(t -> t.toInstant().truncatedTo(ChronoUnit.SECONDS));
    } catch (RuntimeException e) {
      throw uncomputable("the tick after " + after, e);
    }
  }

  private CronExpressionException uncomputable(String what, RuntimeException e) {
    return new CronExpressionException(
        schedule,
        expression,
        what
            + " cannot be computed: "
            + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
  }

  /**
   * The last tick strictly before {@code before}, or empty if there is none.
   *
   * @throws CronExpressionException when the tick cannot be computed, as for {@link #next}
   */
  public Optional<Instant> previous(Instant before) {
    // From the whole second at or after {@code before}: a tick strictly before that one is strictly
    // before it too.
    Instant ceiling = before.truncatedTo(ChronoUnit.SECONDS);
    if (ceiling.isBefore(before)) {
      ceiling = ceiling.plusSeconds(1);
    }
    try {
      return execution
          .lastExecution(ZonedDateTime.ofInstant(ceiling, zone))
          .map(t -> t.toInstant().truncatedTo(ChronoUnit.SECONDS));
    } catch (RuntimeException e) {
      throw uncomputable("the tick before " + before, e);
    }
  }

  /** The latest tick at or before {@code at}, or empty if there is none. */
  public Optional<Instant> latestAtOrBefore(Instant at) {
    return previous(at.plusNanos(1));
  }

  /**
   * How many ticks fall after {@code after} and at or before {@code until}, counting no further
   * than {@code limit}.
   */
  public int count(Instant after, Instant until, int limit) {
    int n = 0;
    Optional<Instant> t = next(after);
    while (n < limit && t.isPresent() && !t.get().isAfter(until)) {
      n++;
      t = next(t.get());
    }
    return n;
  }
}
