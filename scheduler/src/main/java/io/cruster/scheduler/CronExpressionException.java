package io.cruster.scheduler;

import io.cruster.actors.ConfigException;

/**
 * A cron expression that cannot be used: wrong number of fields, or refused by the parser. The
 * message names the schedule, the expression and the reason. Thrown by {@link ClusterCron#schedule}
 * and {@link CronSchedule#of} before anything is registered; not retryable. Immutable.
 */
public class CronExpressionException extends ConfigException {
  private static final long serialVersionUID = 1L;

  private final String scheduleName;
  private final String expression;
  private final String reason;

  /**
   * @param scheduleName the schedule the expression was given for
   * @param expression the expression as given
   * @param reason why it cannot be used (the parser's message, or the field count rule)
   */
  public CronExpressionException(String scheduleName, String expression, String reason) {
    super(
        "cron schedule ["
            + scheduleName
            + "]: expression ["
            + expression
            + "] is invalid: "
            + reason);
    this.scheduleName = scheduleName;
    this.expression = expression;
    this.reason = reason;
  }

  /** The name of the schedule the expression was given for. */
  public String scheduleName() {
    return scheduleName;
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  /** Why the expression cannot be used. */
  public String reason() {
    return reason;
  }
}
