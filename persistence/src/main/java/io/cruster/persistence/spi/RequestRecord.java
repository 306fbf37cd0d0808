package io.cruster.persistence.spi;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import java.time.Instant;
import java.util.Arrays;
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
    Instant deliverAt) {

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
        && deliverAt.equals(r.deliverAt);
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
        deliverAt);
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
        + "]";
  }
}
