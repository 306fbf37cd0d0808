package io.cruster.actors;

/**
 * Per-spawn options. Immutable.
 *
 * @param mailboxCapacity how many messages may wait for the actor before {@code tell} throws {@link
 *     MailboxFullException}; 0 means the system default ({@link
 *     ActorSystemSettings#mailboxCapacity()})
 */
public record Props(int mailboxCapacity) {
  private static final Props DEFAULTS = new Props(0);

  public Props {
    if (mailboxCapacity < 0) {
      throw new IllegalArgumentException(
          "mailboxCapacity must be >= 0 (0 = system default), was " + mailboxCapacity);
    }
  }

  /** Everything from the system's settings. */
  public static Props defaults() {
    return DEFAULTS;
  }

  /** Props with a bounded mailbox of {@code capacity} messages. */
  public static Props mailboxCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("mailbox capacity must be >= 1, was " + capacity);
    }
    return new Props(capacity);
  }
}
