package io.cruster.sharding.internal.cluster;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One start of one runner: its address, a fresh random incarnation and its weight. Immutable and
 * thread-safe.
 *
 * <p>The address identifies the runner across restarts (rendezvous hashing scores the address, so a
 * runner restarted on the same address gets the same shards back); the incarnation tells two starts
 * apart (a shard lock names the incarnation, so a restarted runner never takes its dead
 * predecessor's locks for its own).
 *
 * @param address {@code host:port} the runner serves on, such as {@code 10.0.0.7:7000} or {@code
 *     [::1]:7000}; no whitespace and no {@code /} (it is a key segment in etcd)
 * @param incarnation the random id of this start: letters, digits, {@code -}, {@code _} and {@code
 *     .} only
 * @param weight the runner's relative capacity, {@code >= 0}; 0 drains the runner (it gets no
 *     shards)
 */
public record RunnerId(String address, String incarnation, int weight) {
  /** The weight of a runner that does not say otherwise. */
  public static final int DEFAULT_WEIGHT = 1;

  private static final Pattern INCARNATION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Checks all three parts; the messages name the bad one. */
  public RunnerId {
    requireAddress(address);
    Objects.requireNonNull(incarnation, "incarnation");
    if (!INCARNATION.matcher(incarnation).matches()) {
      throw new IllegalArgumentException(
          "incarnation must be 1 to 64 of [A-Za-z0-9._-], was '" + incarnation + "'");
    }
    if (weight < 0) {
      throw new IllegalArgumentException(
          "weight must be >= 0, was " + weight + " (runner " + address + ")");
    }
  }

  /** A new start of the runner at {@code address}, with a fresh random incarnation. */
  public static RunnerId create(String address, int weight) {
    return new RunnerId(address, UUID.randomUUID().toString(), weight);
  }

  /** This incarnation with another weight (such as 0 to drain it). */
  public RunnerId withWeight(int newWeight) {
    return new RunnerId(address, incarnation, newWeight);
  }

  /** {@code address/incarnation}: the value of the shard locks this incarnation holds. */
  public String lockValue() {
    return address + "/" + incarnation;
  }

  @Override
  public String toString() {
    return address
        + "/"
        + incarnation
        + (weight == DEFAULT_WEIGHT ? "" : " (weight " + weight + ")");
  }

  private static void requireAddress(String address) {
    Objects.requireNonNull(address, "address");
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? "" : address.substring(0, colon);
    String port = colon < 0 ? "" : address.substring(colon + 1);
    boolean ok =
        !host.isEmpty()
            && port.matches("[0-9]{1,5}")
            && Integer.parseInt(port) >= 1
            && Integer.parseInt(port) <= 65535
            && address.chars().noneMatch(c -> c == '/' || c <= ' ');
    if (!ok) {
      throw new IllegalArgumentException(
          "address must be host:port (port 1-65535, no '/' or whitespace), was '" + address + "'");
    }
  }
}
