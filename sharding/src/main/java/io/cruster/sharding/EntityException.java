package io.cruster.sharding;

import io.cruster.actors.CrusterException;
import java.util.Objects;

/**
 * A handler threw: a domain failure, as opposed to an infrastructure one. Carries the handler's
 * exception type and message (also across the wire, where the original exception object does not
 * travel). Not retryable: the same call would fail the same way.
 */
public class EntityException extends CrusterException {
  private static final long serialVersionUID = 1L;
  private final String remoteType;
  private final String remoteMessage;

  public EntityException(String context, String remoteType, String remoteMessage) {
    super(context + ": " + remoteType + (remoteMessage.isEmpty() ? "" : ": " + remoteMessage));
    this.remoteType = Objects.requireNonNull(remoteType, "remoteType");
    this.remoteMessage = Objects.requireNonNull(remoteMessage, "remoteMessage");
  }

  /** The class name of the exception the handler threw. */
  public String remoteType() {
    return remoteType;
  }

  /** Its message (empty if it had none). */
  public String remoteMessage() {
    return remoteMessage;
  }
}
