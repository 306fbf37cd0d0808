package io.cruster.sharding;

import java.util.List;
import java.util.Objects;

/**
 * How a cluster node is doing, from {@link Cluster#health()}: UP, DEGRADED (serving, but something
 * is healing, such as shards still being acquired) or DOWN (not serving: closed, not started, its
 * etcd lease lost, its storage unreachable), with one {@link Check} per part that says why.
 * Immutable.
 *
 * @param status the worst status of the checks
 * @param checks what was checked, in a fixed order
 */
public record Health(Status status, List<Check> checks) {

  /** The status of a node or of one of its checks, best first. */
  public enum Status {
    /** Serving normally. */
    UP,
    /** Serving, with something healing by itself (shards moving, a peer unreachable). */
    DEGRADED,
    /** Not serving: an operator or an orchestrator should act (restart, fix the database). */
    DOWN
  }

  /**
   * One part of the node.
   *
   * @param name what was checked: {@code node}, {@code storage}, {@code etcd lease} or {@code
   *     shards}
   * @param status how it is
   * @param detail why, for a human (for shards: held vs assigned)
   */
  public record Check(String name, Status status, String detail) {
    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }
  }

  public Health {
    Objects.requireNonNull(status, "status");
    checks = List.copyOf(checks);
  }

  /** The health whose status is the worst of {@code checks} (UP when there are none). */
  public static Health of(List<Check> checks) {
    Status worst = Status.UP;
    for (Check c : checks) {
      if (c.status().compareTo(worst) > 0) {
        worst = c.status();
      }
    }
    return new Health(worst, checks);
  }

  /** The checks that are not UP, as "name: detail" lines: why the node is not UP. */
  public List<String> reasons() {
    return checks.stream()
        .filter(c -> c.status() != Status.UP)
        .map(c -> c.name() + ": " + c.detail())
        .toList();
  }

  /** One line per check, status first: for a plain-text health endpoint. */
  public String render() {
    StringBuilder b = new StringBuilder(status.name()).append('\n');
    for (Check c : checks) {
      b.append(c.name())
          .append(' ')
          .append(c.status())
          .append(": ")
          .append(c.detail())
          .append('\n');
    }
    return b.toString();
  }
}
