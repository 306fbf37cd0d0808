package io.cruster.actors;

import java.util.Objects;

/**
 * A watched actor stopped (see {@link ActorContext#watch(ActorRef)}). Left unhandled, it fails the
 * watcher with {@link DeathPactException}.
 */
public class Terminated implements Signal {
  private final ActorRef<?> ref;

  public Terminated(ActorRef<?> ref) {
    this.ref = Objects.requireNonNull(ref, "ref");
  }

  /** The actor that stopped. */
  public ActorRef<?> ref() {
    return ref;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ref.equals(((Terminated) o).ref);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  @Override
  public String toString() {
    return "Terminated(" + ref.path() + ")";
  }
}
