package io.cruster.sharding.internal;

import io.cruster.actors.ShardId;
import io.cruster.persistence.spi.RequestState;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.persistence.spi.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net behind direct dispatch: every {@code storagePollInterval} (or at once when {@link
 * #wake woken}, as after shards arrive) one pass dispatches the due requests and durable timers of
 * the shards served here (recovery after a crash or a failover, scheduled messages, retries), reads
 * the stored replies of requests that ran elsewhere and the state of workflow executions awaited
 * here (a safety net behind storage notifications), and purges requests and workflow executions
 * older than their retentions. One loop per runtime, on a virtual thread.
 */
final class Poller {
  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
  private static final int BATCH = 500;
  private final EntityRuntime runtime;
  private volatile CompletableFuture<Void> wake = new CompletableFuture<>();

  Poller(EntityRuntime runtime) {
    this.runtime = runtime;
  }

  /** Ends the current wait: the next pass runs now. */
  void wake() {
    wake.complete(null);
  }

  void loop() {
    while (!runtime.isClosed()) {
      try {
        // The next pass is due one interval after this one read the clock: when the clock jumped
        // while the pass ran (a test's manual clock), what became due meanwhile is not left for a
        // whole further interval.
        Instant started = runtime.now();
        pass();
        CompletableFuture<Void> w = wake;
        Duration left =
            Duration.between(runtime.now(), started.plus(runtime.config().storagePollInterval()));
        if (!w.isDone() && left.isPositive()) {
          runtime.waits().awaitAtMost(w, left);
        }
        wake = new CompletableFuture<>();
      } catch (RuntimeClosedException e) {
        return;
      } catch (RuntimeException e) {
        if (runtime.isClosed()) {
          return;
        }
        LOG.warn(
            "storage poll failed; trying again in {}", runtime.config().storagePollInterval(), e);
        try {
          runtime.waits().sleepUntil(runtime.now().plus(runtime.config().storagePollInterval()));
        } catch (RuntimeClosedException closedWhileWaiting) {
          return;
        }
      }
    }
  }

  /** One pass: pending requests that are due, and durable timers of workflows not running here. */
  void pass() {
    Requests requests = runtime.requests();
    Storage storage = runtime.storage();
    requests.checkStoredReplies(BATCH);
    runtime.workflowControl().joins.recheck();
    Collection<ShardId> served = new LinkedHashSet<>(runtime.placement().servedShards());
    if (served.isEmpty()) {
      return;
    }
    Instant now = runtime.now();
    requests.pollStarted();
    try {
      List<RequestState> due = storage.messages().pending(served, now, BATCH);
      for (RequestState s : due) {
        requests.dispatch(s, Requests.Origin.POLL);
      }
      if (!due.isEmpty()) {
        runtime.instrumentation().storagePolled(due.size());
      }
      for (var timer : storage.timers().due(served, now, BATCH)) {
        storage
            .messages()
            .find(timer.executionId())
            .filter(s -> s.status() == RequestStatus.PENDING)
            .ifPresent(s -> requests.dispatch(s, Requests.Origin.POLL));
      }
    } finally {
      requests.pollEnded();
    }
    // Journals go with their executions (workflowRetention), not with the requests that started
    // them (requestRetention, the de-duplication window).
    storage.messages().purgeCompleted(now.minus(runtime.config().requestRetention()), BATCH);
    storage.executions().purge(now.minus(runtime.config().workflowRetention()), BATCH);
  }
}
