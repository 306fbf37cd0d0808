package io.cruster.sharding;

import io.cruster.actors.CrusterException;

/**
 * No workflow execution with this id is stored (never started, or purged after the workflow
 * retention). The message names the id.
 */
public class UnknownExecutionException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public UnknownExecutionException(String message) {
    super(message);
  }
}
