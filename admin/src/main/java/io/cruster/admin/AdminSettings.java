package io.cruster.admin;

import io.cruster.actors.ConfigException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link AdminServer} listens and what it allows. Immutable; build with {@link #defaults()}
 * and the {@code withX} methods, or {@link #builder()}.
 *
 * @param bindAddress the address to listen on; {@value #DEFAULT_BIND_ADDRESS} by default. Any other
 *     than a loopback address requires a {@code token} (the server refuses to start otherwise)
 * @param port the TCP port; {@value #DEFAULT_PORT} by default, 0 for any free port
 * @param token the bearer token every API request must carry ({@code Authorization: Bearer ...});
 *     empty: none is asked for (loopback only)
 * @param readOnly whether actions (every {@code POST}) are refused with 403
 * @param previewBytes how much of a payload, state or error text a response shows at most; longer
 *     ones are cut and marked {@code truncated}; {@value #DEFAULT_PREVIEW_BYTES} by default
 * @param refreshInterval how often the live-refresh stream ({@code /api/v1/events}) sends a summary
 */
public record AdminSettings(
    String bindAddress,
    int port,
    Optional<String> token,
    boolean readOnly,
    int previewBytes,
    Duration refreshInterval) {

  /** Only this machine can reach the console by default. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  /** The console's default port. */
  public static final int DEFAULT_PORT = 9090;

  /** The default cap of a payload preview, in bytes (characters of its rendering). */
  public static final int DEFAULT_PREVIEW_BYTES = 2048;

  /** How often the live-refresh stream sends a summary by default. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(2);

  /**
   * Checks the fields.
   *
   * @throws ConfigException naming the bad key
   */
  public AdminSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    if (bindAddress.isBlank()) {
      throw new ConfigException("admin bindAddress must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("admin port must be 0..65535, was " + port);
    }
    if (token.isPresent() && token.get().length() < 8) {
      throw new ConfigException("admin token must have at least 8 characters");
    }
    if (previewBytes < 16) {
      throw new ConfigException("admin previewBytes must be >= 16, was " + previewBytes);
    }
    if (refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new ConfigException("admin refreshInterval must be positive, was " + refreshInterval);
    }
  }

  /** Loopback, port {@value #DEFAULT_PORT}, no token, actions allowed. */
  public static AdminSettings defaults() {
    return new AdminSettings(
        DEFAULT_BIND_ADDRESS,
        DEFAULT_PORT,
        Optional.empty(),
        false,
        DEFAULT_PREVIEW_BYTES,
        DEFAULT_REFRESH_INTERVAL);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** These settings listening on {@code address}. */
  public AdminSettings withBindAddress(String address) {
    return new AdminSettings(address, port, token, readOnly, previewBytes, refreshInterval);
  }

  /** These settings on {@code port} (0: any free port). */
  public AdminSettings withPort(int p) {
    return new AdminSettings(bindAddress, p, token, readOnly, previewBytes, refreshInterval);
  }

  /** These settings asking for this bearer token. */
  public AdminSettings withToken(String t) {
    return new AdminSettings(
        bindAddress, port, Optional.of(t), readOnly, previewBytes, refreshInterval);
  }

  /** These settings, read-only or not. */
  public AdminSettings withReadOnly(boolean ro) {
    return new AdminSettings(bindAddress, port, token, ro, previewBytes, refreshInterval);
  }

  /** These settings with another preview cap. */
  public AdminSettings withPreviewBytes(int n) {
    return new AdminSettings(bindAddress, port, token, readOnly, n, refreshInterval);
  }

  /** These settings with another live-refresh interval. */
  public AdminSettings withRefreshInterval(Duration d) {
    return new AdminSettings(bindAddress, port, token, readOnly, previewBytes, d);
  }

  /**
   * These settings with overrides from the environment: {@code CRUSTER_ADMIN_BIND}, {@code
   * CRUSTER_ADMIN_PORT}, {@code CRUSTER_ADMIN_TOKEN}, {@code CRUSTER_ADMIN_READ_ONLY}.
   *
   * @throws ConfigException if a value does not parse
   */
  public AdminSettings withEnvironment(java.util.Map<String, String> env) {
    AdminSettings s = this;
    if (env.containsKey("CRUSTER_ADMIN_BIND")) {
      s = s.withBindAddress(env.get("CRUSTER_ADMIN_BIND"));
    }
    if (env.containsKey("CRUSTER_ADMIN_PORT")) {
      try {
        s = s.withPort(Integer.parseInt(env.get("CRUSTER_ADMIN_PORT").trim()));
      } catch (NumberFormatException e) {
        throw new ConfigException(
            "CRUSTER_ADMIN_PORT must be a number, was " + env.get("CRUSTER_ADMIN_PORT"));
      }
    }
    if (env.containsKey("CRUSTER_ADMIN_TOKEN") && !env.get("CRUSTER_ADMIN_TOKEN").isEmpty()) {
      s = s.withToken(env.get("CRUSTER_ADMIN_TOKEN"));
    }
    if (env.containsKey("CRUSTER_ADMIN_READ_ONLY")) {
      s = s.withReadOnly(Boolean.parseBoolean(env.get("CRUSTER_ADMIN_READ_ONLY").trim()));
    }
    return s;
  }

  @Override
  public String toString() {
    return "AdminSettings[bindAddress="
        + bindAddress
        + ", port="
        + port
        + ", token="
        + (token.isPresent() ? "(set)" : "(none)")
        + ", readOnly="
        + readOnly
        + ", previewBytes="
        + previewBytes
        + ", refreshInterval="
        + refreshInterval
        + "]";
  }

  /** Builds {@link AdminSettings}. Not thread-safe. */
  public static final class Builder {
    private AdminSettings s;

    private Builder(AdminSettings start) {
      this.s = start;
    }

    /** See {@link AdminSettings#bindAddress()}. */
    public Builder bindAddress(String address) {
      s = s.withBindAddress(address);
      return this;
    }

    /** See {@link AdminSettings#port()}. */
    public Builder port(int port) {
      s = s.withPort(port);
      return this;
    }

    /** See {@link AdminSettings#token()}. */
    public Builder token(String token) {
      s = s.withToken(token);
      return this;
    }

    /** See {@link AdminSettings#readOnly()}. */
    public Builder readOnly(boolean readOnly) {
      s = s.withReadOnly(readOnly);
      return this;
    }

    /** See {@link AdminSettings#previewBytes()}. */
    public Builder previewBytes(int n) {
      s = s.withPreviewBytes(n);
      return this;
    }

    /** See {@link AdminSettings#refreshInterval()}. */
    public Builder refreshInterval(Duration d) {
      s = s.withRefreshInterval(d);
      return this;
    }

    /** The settings. */
    public AdminSettings build() {
      return s;
    }
  }
}
