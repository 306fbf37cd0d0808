package io.cruster.sharding.internal.cluster;

import io.cruster.actors.ConfigException;
import java.util.Arrays;
import java.util.List;

/** The etcd endpoints a runner is given, checked; and the default from the environment. */
public final class EtcdEndpoints {
  private static final String ENVIRONMENT = "CRUSTER_ETCD_ENDPOINTS";
  private static final String FALLBACK = "http://127.0.0.1:2379";

  private EtcdEndpoints() {}

  /**
   * {@code CRUSTER_ETCD_ENDPOINTS} (comma-separated) if set, else {@code http://127.0.0.1:2379}.
   */
  public static List<String> fromEnvironment() {
    String env = System.getenv(ENVIRONMENT);
    return env == null || env.isBlank()
        ? List.of(FALLBACK)
        : Arrays.stream(env.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * The endpoints as given.
   *
   * @throws ConfigException when there is none or one is not {@code http(s)://host:port}
   */
  public static List<String> checked(String... endpoints) {
    if (endpoints.length == 0) {
      throw new ConfigException("etcd needs at least one endpoint, such as " + FALLBACK);
    }
    for (String e : endpoints) {
      if (e == null || !e.matches("https?://[^\\s/]+:[0-9]{1,5}/?")) {
        throw new ConfigException("etcd endpoint must be http(s)://host:port, was '" + e + "'");
      }
    }
    return List.of(endpoints);
  }
}
