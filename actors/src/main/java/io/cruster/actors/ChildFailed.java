package io.cruster.actors;

import java.util.Objects;

/** A watched child stopped because it failed; {@link #cause()} is what it threw. */
public final class ChildFailed extends Terminated {
  private final Throwable cause;

  public ChildFailed(ActorRef<?> ref, Throwable cause) {
    super(ref);
    this.cause = Objects.requireNonNull(cause, "cause");
  }

  /** The failure that stopped the child. */
  public Throwable cause() {
    return cause;
  }

  @Override
  public String toString() {
    return "ChildFailed(" + ref().path() + ", " + cause + ")";
  }
}
