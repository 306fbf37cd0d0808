package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/**
 * The workflow execution was cancelled ({@link WorkflowHandle#cancel}). Thrown inside the workflow
 * at its current or next durable wait ({@code run}, {@code sleep}, {@code await}, a call), where it
 * may still run compensating activities in {@code catch} or {@code finally}; and to whoever joins
 * the execution once it has ended CANCELLED. Not retryable: a cancelled execution stays cancelled.
 */
public class WorkflowCancelledException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public WorkflowCancelledException(String message) {
    super(message);
  }
}
