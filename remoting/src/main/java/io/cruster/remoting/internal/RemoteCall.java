package io.cruster.remoting.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to an entity on another runner, as the transport carries it: plain values, no wire
 * types. Immutable apart from {@code payload}, which is not copied: do not change the array after
 * handing the call over. Equality of the array is by identity (records compare arrays by
 * reference).
 *
 * <p>On the sending side {@code timeout} is the deadline the caller asks for (empty = the
 * transport's {@link TransportSettings#callTimeout()}); on the receiving side it is the time left
 * when the request arrived.
 *
 * @param address the target entity
 * @param shard the shard the sender routed the entity to
 * @param tag the stable tag of the message type; not blank
 * @param payload the serialized message
 * @param headers free-form metadata
 * @param idempotencyKey de-duplicate the request by this key; empty = a new request
 * @param deliverAt deliver no earlier than this instant (scheduled messages); empty = now. The
 *     transport carries it; acting on it is the receiver's business
 * @param timeout the call's deadline, relative
 * @param traceContext tracing propagation fields (W3C {@code traceparent} and the like)
 */
public record RemoteCall(
    EntityAddress address,
    ShardId shard,
    String tag,
    byte[] payload,
    Map<String, String> headers,
    Optional<String> idempotencyKey,
    Optional<Instant> deliverAt,
    Optional<Duration> timeout,
    Map<String, String> traceContext) {

  /**
   * Checks the parts and copies the maps. Never blocks.
   *
   * @throws NullPointerException when a part is null
   * @throws IllegalArgumentException when {@code tag} is blank or {@code timeout} is not positive
   */
  public RemoteCall {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(shard, "shard");
    if (tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("tag must not be null or blank, was " + tag);
    }
    Objects.requireNonNull(payload, "payload");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(deliverAt, "deliverAt");
    Objects.requireNonNull(timeout, "timeout");
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + t);
          }
        });
    traceContext = Map.copyOf(traceContext);
  }

  /** A call with no headers, key, schedule or trace context, and the default deadline. */
  public static RemoteCall of(EntityAddress address, ShardId shard, String tag, byte[] payload) {
    return new RemoteCall(
        address,
        shard,
        tag,
        payload,
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  /** A builder for a call to {@code address} in {@code shard} with message {@code tag}. */
  public static Builder builder(EntityAddress address, ShardId shard, String tag) {
    return new Builder(address, shard, tag);
  }

  /** This call with another deadline. */
  public RemoteCall withTimeout(Duration timeout) {
    return new RemoteCall(
        address,
        shard,
        tag,
        payload,
        headers,
        idempotencyKey,
        deliverAt,
        Optional.of(timeout),
        traceContext);
  }

  /** This call with another trace context (W3C {@code traceparent} and the like). */
  public RemoteCall withTraceContext(Map<String, String> traceContext) {
    return new RemoteCall(
        address, shard, tag, payload, headers, idempotencyKey, deliverAt, timeout, traceContext);
  }

  /** Names the target and tag and the payload's size, never its bytes. */
  @Override
  public String toString() {
    return "RemoteCall["
        + address
        + " in "
        + shard
        + ", "
        + tag
        + ", "
        + payload.length
        + " bytes"
        + idempotencyKey.map(k -> ", key " + k).orElse("")
        + timeout.map(t -> ", timeout " + t.toMillis() + " ms").orElse("")
        + "]";
  }

  /** Builds a {@link RemoteCall}; not thread-safe. */
  public static final class Builder {
    private final EntityAddress address;
    private final ShardId shard;
    private final String tag;
    private byte[] payload = new byte[0];
    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, String> traceContext = new HashMap<>();
    private Optional<String> idempotencyKey = Optional.empty();
    private Optional<Instant> deliverAt = Optional.empty();
    private Optional<Duration> timeout = Optional.empty();

    private Builder(EntityAddress address, ShardId shard, String tag) {
      this.address = address;
      this.shard = shard;
      this.tag = tag;
    }

    /** The serialized message; not copied. */
    public Builder payload(byte[] payload) {
      this.payload = payload;
      return this;
    }

    /** Adds a header. */
    public Builder header(String key, String value) {
      headers.put(key, value);
      return this;
    }

    /** Adds every field of a trace context. */
    public Builder trace(Map<String, String> fields) {
      traceContext.putAll(fields);
      return this;
    }

    /** Adds a trace context field. */
    public Builder trace(String key, String value) {
      traceContext.put(key, value);
      return this;
    }

    /** De-duplicate by this key. */
    public Builder idempotencyKey(String key) {
      this.idempotencyKey = Optional.of(key);
      return this;
    }

    /** Deliver no earlier than this instant. */
    public Builder deliverAt(Instant at) {
      this.deliverAt = Optional.of(at);
      return this;
    }

    /** The call's deadline, relative to when it is sent. */
    public Builder timeout(Duration timeout) {
      this.timeout = Optional.of(timeout);
      return this;
    }

    /** The call; checks it as the record's constructor does. */
    public RemoteCall build() {
      return new RemoteCall(
          address, shard, tag, payload, headers, idempotencyKey, deliverAt, timeout, traceContext);
    }
  }
}
