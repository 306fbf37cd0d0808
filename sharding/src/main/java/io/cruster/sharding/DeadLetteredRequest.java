package io.cruster.sharding;

import java.time.Instant;

/**
 * A request that was dead-lettered: delivering it failed {@code storageMessageMaxRetries} times, or
 * it can never be delivered (unknown tag, undecodable payload). It is kept until re-driven with
 * {@link Cluster#redrive(String)}.
 *
 * @param requestId the request's id
 * @param entityType the entity type it was sent to
 * @param entityId the entity it was sent to
 * @param tag the message's tag
 * @param failures failed deliveries
 * @param lastError the last delivery's error
 * @param createdAt when the request was saved
 */
public record DeadLetteredRequest(
    String requestId,
    String entityType,
    String entityId,
    String tag,
    int failures,
    String lastError,
    Instant createdAt) {}
