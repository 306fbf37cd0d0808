package io.cruster.sharding.internal;

import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.DeadLetteredRequest;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's view of dead-lettered requests: list them, re-drive one. Thread-safe. */
final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  private final Storage storage;
  private final Requests requests;

  DeadLetters(Storage storage, Requests requests) {
    this.storage = storage;
    this.requests = requests;
  }

  /** The oldest dead letters, at most {@code limit}. Blocks for one storage query. */
  List<DeadLetteredRequest> list(int limit) {
    return storage.messages().deadLetters(limit).stream()
        .map(
            s ->
                new DeadLetteredRequest(
                    s.request().requestId(),
                    s.request().address().entityType(),
                    s.request().address().entityId(),
                    s.request().tag(),
                    s.failures(),
                    s.lastError().orElse(""),
                    s.request().createdAt()))
        .toList();
  }

  /** Makes a dead letter pending again and dispatches it; false if it is not dead-lettered. */
  boolean redrive(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    if (!storage.messages().reopen(requestId)) {
      return false;
    }
    LOG.info("request {} re-driven from the dead letters", requestId);
    storage.messages().find(requestId).ifPresent(s -> requests.dispatch(s, Requests.Origin.CALLER));
    return true;
  }
}
