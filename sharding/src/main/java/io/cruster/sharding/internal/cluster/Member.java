package io.cruster.sharding.internal.cluster;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A live runner as advertised in etcd: its identity and the shard groups it serves. Immutable and
 * thread-safe.
 *
 * <p>The registration value under {@code <prefix>/runners/<address>} is UTF-8 text, one {@code
 * key=value} per line, each value URL-encoded (so a group name may hold any character), groups
 * comma-separated and sorted:
 *
 * <pre>
 *   v=1
 *   address=10.0.0.7:7000
 *   incarnation=3f1c0c8e-5d4e-4f5e-9b59-2f0d3c1f6a11
 *   weight=1
 *   groups=default,orders
 * </pre>
 *
 * Readers ignore keys they do not know, so later versions may add lines; {@code v} changes only for
 * an incompatible change.
 *
 * @param id the runner's address, incarnation and weight
 * @param groups the shard groups it serves (may be empty: a runner that only calls)
 */
public record Member(RunnerId id, Set<String> groups) {
  static final String VERSION = "1";

  /** Copies {@code groups}; rejects blank group names. */
  public Member {
    Objects.requireNonNull(id, "id");
    groups = Set.copyOf(groups);
    for (String group : groups) {
      if (group.isBlank()) {
        throw new IllegalArgumentException(
            "shard group names must not be blank (runner " + id + ")");
      }
    }
  }

  /** Whether this runner serves shards of {@code group}. */
  public boolean serves(String group) {
    return groups.contains(group);
  }

  /** The registration value (see the class comment). */
  public String encode() {
    return "v="
        + VERSION
        + "\n"
        + "address="
        + enc(id.address())
        + "\n"
        + "incarnation="
        + enc(id.incarnation())
        + "\n"
        + "weight="
        + id.weight()
        + "\n"
        + "groups="
        + new TreeSet<>(groups).stream().map(Member::enc).collect(Collectors.joining(","))
        + "\n";
  }

  /**
   * Reads a registration value.
   *
   * @throws IllegalArgumentException when a line is missing or malformed, or the version is not 1
   */
  public static Member decode(String text) {
    Map<String, String> fields = new HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!VERSION.equals(fields.get("v"))) {
      throw new IllegalArgumentException(
          "runner registration version must be " + VERSION + ", was " + fields.get("v"));
    }
    RunnerId id =
        new RunnerId(
            dec(required(fields, "address")),
            dec(required(fields, "incarnation")),
            parseWeight(required(fields, "weight")));
    String groups = required(fields, "groups");
    Set<String> names =
        groups.isEmpty()
            ? Set.of()
            : Arrays.stream(groups.split(",", -1)).map(Member::dec).collect(Collectors.toSet());
    return new Member(id, names);
  }

  private static String required(Map<String, String> fields, String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("runner registration lacks the line '" + key + "='");
    }
    return value;
  }

  private static int parseWeight(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "runner registration weight is not an integer: '" + text + "'", e);
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String dec(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
