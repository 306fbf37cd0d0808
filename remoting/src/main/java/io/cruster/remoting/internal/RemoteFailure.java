package io.cruster.remoting.internal;

import java.util.Objects;

/**
 * Why a remote call failed, as it crosses the wire: a kind that says whose fault it is, the class
 * name of the remote exception (if any), its message, and whether trying again may succeed.
 * Immutable and thread-safe.
 *
 * @param kind what went wrong
 * @param remoteType the class name of the exception on the remote side; empty if there was none
 * @param message a human-readable description naming the subject; may be empty
 * @param retryable whether the same call may succeed when tried again
 */
public record RemoteFailure(Kind kind, String remoteType, String message, boolean retryable) {

  /** What went wrong. */
  public enum Kind {
    /** The handler threw: a domain failure. Not retryable by default. */
    ENTITY(false),
    /** The caller may not send this message to the entity. */
    NOT_CALLABLE(false),
    /** The receiver knows no such entity type. */
    UNKNOWN_TYPE(false),
    /** The entity type has no message with this tag. */
    UNKNOWN_MESSAGE(false),
    /** The call's deadline passed; it may or may not have run. Retryable by default. */
    TIMEOUT(true),
    /**
     * The receiver cannot serve now: connection lost, shutting down, shard moved, too busy.
     * Retryable.
     */
    UNAVAILABLE(true),
    /** A frame was larger than the size limit. */
    TOO_LARGE(false),
    /** A malformed frame or an incompatible peer. */
    BAD_REQUEST(false),
    /** An unexpected failure (a bug) on the receiver. */
    INTERNAL(false);

    private final boolean retryableByDefault;

    Kind(boolean retryableByDefault) {
      this.retryableByDefault = retryableByDefault;
    }

    /** Whether a failure of this kind is retryable unless said otherwise. */
    public boolean retryableByDefault() {
      return retryableByDefault;
    }
  }

  /**
   * Checks the parts. Never blocks.
   *
   * @throws NullPointerException when a part is null
   */
  public RemoteFailure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(remoteType, "remoteType");
    Objects.requireNonNull(message, "message");
  }

  /** A failure of {@code kind} with no remote exception, retryable as the kind says by default. */
  public static RemoteFailure of(Kind kind, String message) {
    return new RemoteFailure(kind, "", message, kind.retryableByDefault());
  }

  /** A domain failure: the handler threw {@code error}. Not retryable. */
  public static RemoteFailure entity(Throwable error) {
    return new RemoteFailure(Kind.ENTITY, error.getClass().getName(), messageOf(error), false);
  }

  /**
   * The failure for an exception that escaped a handler: the failure a {@link RemoteException}
   * carries, else {@link Kind#INTERNAL} naming the exception's class.
   */
  public static RemoteFailure from(Throwable error) {
    if (error instanceof RemoteException remote) {
      return remote.failure();
    }
    return new RemoteFailure(Kind.INTERNAL, error.getClass().getName(), messageOf(error), false);
  }

  /** This failure with another retryable flag. */
  public RemoteFailure withRetryable(boolean retryable) {
    return new RemoteFailure(kind, remoteType, message, retryable);
  }

  /** {@code KIND remoteType: message}, leaving out empty parts. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(kind.name());
    if (!remoteType.isEmpty()) {
      b.append(' ').append(remoteType);
    }
    if (!message.isEmpty()) {
      b.append(remoteType.isEmpty() ? " " : ": ").append(message);
    }
    return b.append(retryable ? " (retryable)" : "").toString();
  }

  private static String messageOf(Throwable error) {
    return error.getMessage() == null ? "" : error.getMessage();
  }
}
