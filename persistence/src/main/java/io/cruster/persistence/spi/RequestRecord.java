package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A request to an entity as saved by {@link MessageStorage#save(RequestRecord)}. Immutable and
 * thread-safe if nobody changes {@code payload}: it is not copied. Equality compares the bytes.
 *
 * @param requestId the id of the request, unique in the storage; not blank
 * @param address the entity it is sent to
 * @param shard the shard of that entity, which selects who delivers it
 * @param tag the tag of the message type; not blank
 * @param payload the serialized message
 * @param dedupeKey the key that de-duplicates it per entity (its idempotency key, or its request id
 *     when it has none); not blank
 * @param expectsReply whether a caller waits for the reply (false for a notify)
 * @param createdAt when it was created
 * @param deliverAt when it is due for delivery ({@code createdAt} unless scheduled later)
 * @param traceContext the caller's trace context as propagation fields (W3C {@code traceparent} and
 *     {@code tracestate}), so whoever delivers it, now or after a crash, continues the caller's
 *     trace; empty when the caller was not traced. Names must not contain {@code =} or a line
 *     break, values no line break
 */
public record RequestRecord(
    String requestId,
    EntityAddress address,
    ShardId shard,
    String tag,
    byte[] payload,
    String dedupeKey,
    boolean expectsReply,
    Instant createdAt,
    Instant deliverAt,
    Map<String, String> traceContext) {

  /**
   * Checks the fields. Never blocks.
   *
   * @throws NullPointerException when a field is null; the message names it
   * @throws IllegalArgumentException when {@code requestId}, {@code tag} or {@code dedupeKey} is
   *     blank
   */
  public RequestRecord {
    Checks.nonBlank(requestId, "RequestRecord", "requestId");
    Checks.nonNull(address, "RequestRecord", "address");
    Checks.nonNull(shard, "RequestRecord", "shard");
    Checks.nonBlank(tag, "RequestRecord", "tag");
    Checks.nonNull(payload, "RequestRecord", "payload");
    Checks.nonBlank(dedupeKey, "RequestRecord", "dedupeKey");
    Checks.nonNull(createdAt, "RequestRecord", "createdAt");
    Checks.nonNull(deliverAt, "RequestRecord", "deliverAt");
    Checks.nonNull(traceContext, "RequestRecord", "traceContext");
    traceContext.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\n') >= 0 || v.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(
                "RequestRecord.traceContext: field ["
                    + k
                    + "] is not a propagation field (no '=' or line break in names, no line"
                    + " break in values)");
          }
        });
    traceContext = Map.copyOf(traceContext);
  }

  /** A request with no trace context. */
  public RequestRecord(
      String requestId,
      EntityAddress address,
      ShardId shard,
      String tag,
      byte[] payload,
      String dedupeKey,
      boolean expectsReply,
      Instant createdAt,
      Instant deliverAt) {
    this(
        requestId,
        address,
        shard,
        tag,
        payload,
        dedupeKey,
        expectsReply,
        createdAt,
        deliverAt,
        Map.of());
  }

  /** This request with {@code traceContext} instead of its own. */
  public RequestRecord withTraceContext(Map<String, String> traceContext) {
    return new RequestRecord(
        requestId,
        address,
        shard,
        tag,
        payload,
        dedupeKey,
        expectsReply,
        createdAt,
        deliverAt,
        traceContext);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestRecord r
        && expectsReply == r.expectsReply
        && requestId.equals(r.requestId)
        && address.equals(r.address)
        && shard.equals(r.shard)
        && tag.equals(r.tag)
        && Arrays.equals(payload, r.payload)
        && dedupeKey.equals(r.dedupeKey)
        && createdAt.equals(r.createdAt)
        && deliverAt.equals(r.deliverAt)
        && traceContext.equals(r.traceContext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        requestId,
        address,
        shard,
        tag,
        Arrays.hashCode(payload),
        dedupeKey,
        expectsReply,
        createdAt,
        deliverAt,
        traceContext);
  }

  @Override
  public String toString() {
    return "RequestRecord[requestId="
        + requestId
        + ", address="
        + address
        + ", shard="
        + shard
        + ", tag="
        + tag
        + ", payload="
        + Checks.describe(payload)
        + ", dedupeKey="
        + dedupeKey
        + ", expectsReply="
        + expectsReply
        + ", createdAt="
        + createdAt
        + ", deliverAt="
        + deliverAt
        + ", traceContext="
        + traceContext
        + "]";
  }
}
