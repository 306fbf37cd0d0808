package io.cruster.remoting.internal;

import io.cruster.actors.CrusterException;
import java.util.Objects;

/**
 * A remote call failed. {@link #failure()} says how: the {@linkplain RemoteFailure.Kind kind} tells
 * a domain failure of the handler ({@code ENTITY}, with the remote exception's type and message)
 * from an infrastructure one (timeout, unavailable, too large...), and {@link #isRetryable()}
 * whether trying again may succeed.
 */
public class RemoteException extends CrusterException {
  private static final long serialVersionUID = 1L;
  private final RemoteFailure failure;

  /**
   * A failure of a call described by {@code context}, such as {@code "call Counter/c-1 GetCount on
   * 10.0.0.2:9000"}.
   */
  public RemoteException(String context, RemoteFailure failure) {
    super(context + ": " + failure);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** As {@link #RemoteException(String, RemoteFailure)}, with the local cause. */
  public RemoteException(String context, RemoteFailure failure, Throwable cause) {
    super(context + ": " + failure, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The failure as it crossed the wire. */
  public RemoteFailure failure() {
    return failure;
  }

  /** Shorthand for {@code failure().kind()}. */
  public RemoteFailure.Kind kind() {
    return failure.kind();
  }

  /** The class name of the remote exception, empty if there was none. */
  public String remoteType() {
    return failure.remoteType();
  }

  /** The remote side's description, without the local context. */
  public String remoteMessage() {
    return failure.message();
  }

  @Override
  public boolean isRetryable() {
    return failure.retryable();
  }
}
