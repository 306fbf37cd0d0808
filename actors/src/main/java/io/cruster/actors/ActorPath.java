package io.cruster.actors;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an actor lives in its system's tree: {@code cruster://<system>/user/<name>/<child>...}.
 * Paths are values; two refs to the same actor incarnation have equal paths.
 */
public final class ActorPath {
  private final String system;
  private final ActorPath parent;
  private final String name;

  private ActorPath(String system, ActorPath parent, String name) {
    this.system = system;
    this.parent = parent;
    this.name = name;
  }

  /** The root path of a system. */
  public static ActorPath root(String system) {
    return new ActorPath(Objects.requireNonNull(system, "system"), null, "");
  }

  /** The path of a child named {@code childName} under this one. */
  public ActorPath child(String childName) {
    return new ActorPath(system, this, Objects.requireNonNull(childName, "childName"));
  }

  /** The name of the actor system. */
  public String system() {
    return system;
  }

  /** The last element: the actor's name (empty for the root). */
  public String name() {
    return name;
  }

  /** The parent path, empty for the root. */
  public Optional<ActorPath> parent() {
    return Optional.ofNullable(parent);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    append(sb);
    return sb.toString();
  }

  private void append(StringBuilder sb) {
    if (parent == null) {
      sb.append("cruster://").append(system);
      return;
    }
    parent.append(sb);
    sb.append('/').append(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActorPath p
        && name.equals(p.name)
        && system.equals(p.system)
        && Objects.equals(parent, p.parent);
  }

  @Override
  public int hashCode() {
    return Objects.hash(system, parent, name);
  }
}
