package io.cruster.remoting.internal;

import io.cruster.actors.ConfigException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the runner-to-runner transport, shared by {@link RunnerServer} and {@link
 * RunnerClient}. Immutable and thread-safe; start from {@link #defaults()} or {@link #builder()}.
 * Every value is checked when the record is built; a bad one throws {@link ConfigException} naming
 * the key.
 *
 * <p>TLS: a server with {@code tlsCertChain} and {@code tlsPrivateKey} (PEM files) serves TLS; a
 * client with {@code tlsTrustCerts} (a PEM file of trusted certificates) connects with TLS and
 * checks the server's certificate against the host it dials. Without them both sides speak
 * plaintext, meant for loopback and trusted networks.
 *
 * @param bindAddress where a server listens; default {@code 127.0.0.1:0} (a free port)
 * @param runnerAddress the {@code host:port} this runner advertises in its handshake; when empty a
 *     server advertises the address it bound and a client advertises nothing
 * @param incarnation the id of this start of the runner, sent in the handshake; when empty a fresh
 *     random id per server or client
 * @param maxMessageBytes the largest frame (payload, headers and envelope) either side sends or
 *     accepts; default {@value #DEFAULT_MAX_MESSAGE_BYTES}. Runners of one cluster should agree on
 *     it
 * @param maxInFlightCalls calls a client keeps open to one server at a time, and a server accepts
 *     on one connection; default {@value #DEFAULT_MAX_IN_FLIGHT_CALLS}
 * @param sendBufferBytes bytes queued for sending beyond what the connection accepts right now; a
 *     sender waits (or fails, retryable) while they are exceeded; default {@value
 *     #DEFAULT_SEND_BUFFER_BYTES}
 * @param streamWindow unacknowledged chunks a streamed call buffers at the caller; default {@value
 *     #DEFAULT_STREAM_WINDOW}
 * @param callTimeout the deadline of a call that names none; default 30 s
 * @param connectTimeout how long {@link RunnerClient#connect} and each handshake may take; default
 *     5 s
 * @param sendTimeout the longest a sender waits for room in the send buffer or the stream window; a
 *     call's own deadline cuts it shorter; default 5 s
 * @param pingInterval how often a client pings; a side that hears nothing for three intervals drops
 *     the connection (and a client reconnects); default 5 s
 * @param reconnectBackoffMin the first delay before a client reconnects; doubles per failed
 *     attempt; default 100 ms
 * @param reconnectBackoffMax the longest delay between reconnect attempts; default 5 s
 * @param tlsCertChain the server's certificate chain (PEM); with {@code tlsPrivateKey}
 * @param tlsPrivateKey the server's private key (PKCS#8 PEM); with {@code tlsCertChain}
 * @param tlsTrustCerts the certificates a client trusts (PEM)
 */
public record TransportSettings(
    InetSocketAddress bindAddress,
    Optional<String> runnerAddress,
    Optional<String> incarnation,
    int maxMessageBytes,
    int maxInFlightCalls,
    int sendBufferBytes,
    int streamWindow,
    Duration callTimeout,
    Duration connectTimeout,
    Duration sendTimeout,
    Duration pingInterval,
    Duration reconnectBackoffMin,
    Duration reconnectBackoffMax,
    Optional<Path> tlsCertChain,
    Optional<Path> tlsPrivateKey,
    Optional<Path> tlsTrustCerts) {

  /** Default {@code maxMessageBytes}: 8 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  /** Default {@code maxInFlightCalls}. */
  public static final int DEFAULT_MAX_IN_FLIGHT_CALLS = 16_384;

  /** Default {@code sendBufferBytes}: 4 MiB. */
  public static final int DEFAULT_SEND_BUFFER_BYTES = 4 * 1024 * 1024;

  /** Default {@code streamWindow}. */
  public static final int DEFAULT_STREAM_WINDOW = 16;

  /** Default {@code callTimeout}. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  /** Default {@code connectTimeout}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Default {@code sendTimeout}. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(5);

  /** Default {@code pingInterval}. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(5);

  /** Default {@code reconnectBackoffMin}. */
  public static final Duration DEFAULT_RECONNECT_BACKOFF_MIN = Duration.ofMillis(100);

  /** Default {@code reconnectBackoffMax}. */
  public static final Duration DEFAULT_RECONNECT_BACKOFF_MAX = Duration.ofSeconds(5);

  private static final TransportSettings DEFAULTS = new Builder().build();

  /**
   * Checks every value. Never blocks.
   *
   * @throws ConfigException naming the key of a missing or invalid value
   */
  public TransportSettings {
    require(bindAddress, "bindAddress");
    require(runnerAddress, "runnerAddress");
    require(incarnation, "incarnation");
    require(tlsCertChain, "tlsCertChain");
    require(tlsPrivateKey, "tlsPrivateKey");
    require(tlsTrustCerts, "tlsTrustCerts");
    positive(maxMessageBytes, "maxMessageBytes");
    positive(maxInFlightCalls, "maxInFlightCalls");
    positive(sendBufferBytes, "sendBufferBytes");
    positive(streamWindow, "streamWindow");
    positive(callTimeout, "callTimeout");
    positive(connectTimeout, "connectTimeout");
    positive(sendTimeout, "sendTimeout");
    positive(pingInterval, "pingInterval");
    positive(reconnectBackoffMin, "reconnectBackoffMin");
    positive(reconnectBackoffMax, "reconnectBackoffMax");
    if (reconnectBackoffMax.compareTo(reconnectBackoffMin) < 0) {
      throw new ConfigException(
          "reconnectBackoffMax ("
              + reconnectBackoffMax
              + ") must not be shorter than reconnectBackoffMin ("
              + reconnectBackoffMin
              + ")");
    }
    if (tlsCertChain.isPresent() != tlsPrivateKey.isPresent()) {
      throw new ConfigException(
          "tlsCertChain and tlsPrivateKey must be set together, got tlsCertChain="
              + tlsCertChain.orElse(null)
              + ", tlsPrivateKey="
              + tlsPrivateKey.orElse(null));
    }
  }

  /** The defaults: loopback, a free port, plaintext, the documented constants. */
  public static TransportSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** These settings listening on {@code host:port} (port 0 = a free port). */
  public TransportSettings withBindAddress(String host, int port) {
    return toBuilder().bindAddress(host, port).build();
  }

  /** These settings with another default call deadline. */
  public TransportSettings withCallTimeout(Duration timeout) {
    return toBuilder().callTimeout(timeout).build();
  }

  /** These settings with another frame size limit. */
  public TransportSettings withMaxMessageBytes(int bytes) {
    return toBuilder().maxMessageBytes(bytes).build();
  }

  /** Whether a server with these settings serves TLS. */
  public boolean serverTls() {
    return tlsCertChain.isPresent();
  }

  /** Whether a client with these settings connects with TLS. */
  public boolean clientTls() {
    return tlsTrustCerts.isPresent();
  }

  private static void require(Object value, String key) {
    if (value == null) {
      throw new ConfigException(key + " must not be null");
    }
  }

  private static void positive(int value, String key) {
    if (value <= 0) {
      throw new ConfigException(key + " must be > 0, was " + value);
    }
  }

  private static void positive(Duration value, String key) {
    require(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(key + " must be positive, was " + value);
    }
  }

  /** Builds {@link TransportSettings}; not thread-safe. */
  public static final class Builder {
    private InetSocketAddress bindAddress = new InetSocketAddress("127.0.0.1", 0);
    private Optional<String> runnerAddress = Optional.empty();
    private Optional<String> incarnation = Optional.empty();
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int maxInFlightCalls = DEFAULT_MAX_IN_FLIGHT_CALLS;
    private int sendBufferBytes = DEFAULT_SEND_BUFFER_BYTES;
    private int streamWindow = DEFAULT_STREAM_WINDOW;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Duration reconnectBackoffMin = DEFAULT_RECONNECT_BACKOFF_MIN;
    private Duration reconnectBackoffMax = DEFAULT_RECONNECT_BACKOFF_MAX;
    private Optional<Path> tlsCertChain = Optional.empty();
    private Optional<Path> tlsPrivateKey = Optional.empty();
    private Optional<Path> tlsTrustCerts = Optional.empty();

    private Builder() {}

    private Builder(TransportSettings s) {
      bindAddress = s.bindAddress;
      runnerAddress = s.runnerAddress;
      incarnation = s.incarnation;
      maxMessageBytes = s.maxMessageBytes;
      maxInFlightCalls = s.maxInFlightCalls;
      sendBufferBytes = s.sendBufferBytes;
      streamWindow = s.streamWindow;
      callTimeout = s.callTimeout;
      connectTimeout = s.connectTimeout;
      sendTimeout = s.sendTimeout;
      pingInterval = s.pingInterval;
      reconnectBackoffMin = s.reconnectBackoffMin;
      reconnectBackoffMax = s.reconnectBackoffMax;
      tlsCertChain = s.tlsCertChain;
      tlsPrivateKey = s.tlsPrivateKey;
      tlsTrustCerts = s.tlsTrustCerts;
    }

    /** Where a server listens (port 0 = a free port). */
    public Builder bindAddress(String host, int port) {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65_535) {
        throw new ConfigException("bindAddress port must be in 0..65535, was " + port);
      }
      this.bindAddress = new InetSocketAddress(host, port);
      return this;
    }

    /** The {@code host:port} this runner advertises. */
    public Builder runnerAddress(String address) {
      this.runnerAddress = Optional.of(address);
      return this;
    }

    /** The id of this start of the runner. */
    public Builder incarnation(String incarnation) {
      this.incarnation = Optional.of(incarnation);
      return this;
    }

    /** See {@link TransportSettings#maxMessageBytes()}. */
    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    /** See {@link TransportSettings#maxInFlightCalls()}. */
    public Builder maxInFlightCalls(int calls) {
      this.maxInFlightCalls = calls;
      return this;
    }

    /** See {@link TransportSettings#sendBufferBytes()}. */
    public Builder sendBufferBytes(int bytes) {
      this.sendBufferBytes = bytes;
      return this;
    }

    /** See {@link TransportSettings#streamWindow()}. */
    public Builder streamWindow(int chunks) {
      this.streamWindow = chunks;
      return this;
    }

    /** See {@link TransportSettings#callTimeout()}. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout;
      return this;
    }

    /** See {@link TransportSettings#connectTimeout()}. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** See {@link TransportSettings#sendTimeout()}. */
    public Builder sendTimeout(Duration timeout) {
      this.sendTimeout = timeout;
      return this;
    }

    /** See {@link TransportSettings#pingInterval()}. */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = interval;
      return this;
    }

    /** The first and the longest delay between reconnect attempts. */
    public Builder reconnectBackoff(Duration min, Duration max) {
      this.reconnectBackoffMin = min;
      this.reconnectBackoffMax = max;
      return this;
    }

    /** Serve TLS with this certificate chain and private key (PEM files). */
    public Builder serverTls(Path certChain, Path privateKey) {
      this.tlsCertChain = Optional.of(certChain);
      this.tlsPrivateKey = Optional.of(privateKey);
      return this;
    }

    /** Connect with TLS, trusting the certificates in this PEM file. */
    public Builder clientTls(Path trustCerts) {
      this.tlsTrustCerts = Optional.of(trustCerts);
      return this;
    }

    /**
     * The settings.
     *
     * @throws ConfigException naming the key of an invalid value
     */
    public TransportSettings build() {
      return new TransportSettings(
          bindAddress,
          runnerAddress,
          incarnation,
          maxMessageBytes,
          maxInFlightCalls,
          sendBufferBytes,
          streamWindow,
          callTimeout,
          connectTimeout,
          sendTimeout,
          pingInterval,
          reconnectBackoffMin,
          reconnectBackoffMax,
          tlsCertChain,
          tlsPrivateKey,
          tlsTrustCerts);
    }
  }
}
