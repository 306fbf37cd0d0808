package io.cruster.scheduler;

import io.cruster.actors.ConfigException;
import io.cruster.scheduler.internal.CronTimes;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated cron schedule: its name, expression, time zone and missed-tick policy. Returned by
 * {@link ClusterCron#schedule}; {@link #of} validates one without a cluster (to check configuration
 * early, or to compute ticks). Immutable and thread-safe; equal when name, expression, zone and
 * policy are equal.
 *
 * <p>The expression is Unix syntax with 5 fields ({@code minute hour day-of-month month
 * day-of-week}, e.g. {@code "0 3 * * *"}) or Quartz syntax with 6 or 7 ({@code second minute hour
 * day-of-month month day-of-week [year]}, e.g. {@code "0 0 3 ? * MON-FRI"}; Quartz wants {@code ?}
 * in one of the two day fields). Ticks are computed in the schedule's zone, daylight saving time
 * included.
 */
public final class CronSchedule {
  /** The longest schedule name. */
  public static final int MAX_NAME_LENGTH = 200;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final String name;
  private final String expression;
  private final ZoneId zone;
  private final MissedTicks policy;
  private final CronTimes times;

  private CronSchedule(
      String name, String expression, ZoneId zone, MissedTicks policy, CronTimes times) {
    this.name = name;
    this.expression = expression;
    this.zone = zone;
    this.policy = policy;
    this.times = times;
  }

  /**
   * Validates a schedule. Never blocks.
   *
   * @param name 1 to {@value #MAX_NAME_LENGTH} letters, digits, {@code _}, {@code .} and {@code -},
   *     starting with a letter or digit; unique in the cluster
   * @param expression a Unix (5 fields) or Quartz (6 or 7 fields) cron expression
   * @param zone the zone the expression's times are in
   * @param policy what to do with missed ticks
   * @throws CronExpressionException if the expression cannot be used
   * @throws ConfigException if the name is blank, too long or has characters other than those above
   * @throws NullPointerException if an argument is null
   */
  public static CronSchedule of(String name, String expression, ZoneId zone, MissedTicks policy) {
    checkName(name);
    Objects.requireNonNull(
        expression, () -> "cron schedule [" + name + "]: expression must not be null");
    Objects.requireNonNull(zone, () -> "cron schedule [" + name + "]: zone must not be null");
    Objects.requireNonNull(
        policy, () -> "cron schedule [" + name + "]: missed-ticks policy must not be null");
    String trimmed = expression.strip();
    return new CronSchedule(name, trimmed, zone, policy, CronTimes.parse(name, trimmed, zone));
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "cron schedule name must not be null");
    if (name.isBlank()) {
      throw new ConfigException("cron schedule name must not be blank, was [" + name + "]");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new ConfigException(
          "cron schedule name ["
              + name.substring(0, 20)
              + "...] is "
              + name.length()
              + " characters long; at most "
              + MAX_NAME_LENGTH);
    }
    if (name.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException("cron schedule name [" + name + "] must not contain whitespace");
    }
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(
          "cron schedule name ["
              + name
              + "] must be letters, digits, '_', '.' and '-', starting"
              + " with a letter or digit (it names the schedule's entity type and singleton)");
    }
  }

  /** The schedule's name, unique in the cluster. */
  public String name() {
    return name;
  }

  /** The cron expression, without leading and trailing blanks. */
  public String expression() {
    return expression;
  }

  /** The zone the expression's times are in. */
  public ZoneId zone() {
    return zone;
  }

  /** What the schedule does with missed ticks. */
  public MissedTicks policy() {
    return policy;
  }

  /**
   * The first tick strictly after {@code after}, or empty if the expression has no more (a past
   * year). Never blocks.
   */
  public Optional<Instant> nextTick(Instant after) {
    return times.next(Objects.requireNonNull(after, "after"));
  }

  CronTimes times() {
    return times;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronSchedule s
        && name.equals(s.name)
        && expression.equals(s.expression)
        && zone.equals(s.zone)
        && policy.equals(s.policy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, expression, zone, policy);
  }

  @Override
  public String toString() {
    return "CronSchedule["
        + name
        + ": "
        + expression
        + " in "
        + zone
        + ", missed ticks: "
        + policy
        + "]";
  }
}
