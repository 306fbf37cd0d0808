package io.cruster.actors;

/**
 * A {@code tell} found the recipient's bounded mailbox full. The message was not enqueued; the
 * sender still holds it and may retry, slow down, or use {@link ActorRef#tell(Object,
 * java.time.Duration)}.
 */
public class MailboxFullException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public MailboxFullException(String message) {
    super(message);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
