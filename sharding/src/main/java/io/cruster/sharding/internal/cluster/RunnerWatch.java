package io.cruster.sharding.internal.cluster;

import static io.cruster.sharding.internal.cluster.Etcd.bytes;
import static io.cruster.sharding.internal.cluster.Etcd.text;

import io.cruster.actors.internal.Backoff;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of {@code <prefix>/runners/}: a full read, then a watch that starts at the revision
 * right after that read, so no change between the two is missed and nothing is polled.
 *
 * <p>If the watch fails for good (its start revision was compacted, or etcd cancelled it; jetcd
 * itself resumes a watch after a transient disconnect), the view resynchronises: a new full read
 * replaces the map, and a new watch starts after its revision. Events at or below the applied
 * revision are skipped, so the overlap of two watches is harmless.
 *
 * <p>Thread-safety: all state changes and {@code onChange} calls happen under one lock, in revision
 * order; {@code onChange} gets an immutable snapshot (address to member) and must not block. {@link
 * #members()} is a lock-free read of the latest snapshot.
 */
final class RunnerWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerWatch.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Client client;
  private final String dir;
  private final Duration timeout;
  private final Consumer<Map<String, Member>> onChange;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition closedSignal = lock.newCondition();
  private volatile Map<String, Member> members = Map.of();
  private long revision;
  private int generation;
  private Watch.Watcher watcher;
  private boolean closed;
  private boolean resyncing;

  RunnerWatch(Client client, ClusterSettings settings, Consumer<Map<String, Member>> onChange) {
    this.client = client;
    this.dir = settings.runnersDir();
    this.timeout = settings.requestTimeout();
    this.onChange = onChange;
  }

  /**
   * Reads the runners and starts watching. Blocks up to the request timeout; throws {@link
   * ClusterException}.
   */
  void start() {
    load();
  }

  /** The latest view, keyed by address. */
  Map<String, Member> members() {
    return members;
  }

  /**
   * Treats the current watch as failed, as jetcd would report it; for tests of the
   * resynchronisation.
   */
  void failCurrentWatch(Throwable error) {
    int current;
    lock.lock();
    try {
      current = generation;
    } finally {
      lock.unlock();
    }
    onFailure(current, error);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      closedSignal.signalAll();
      if (watcher != null) {
        watcher.close();
        watcher = null;
      }
    } finally {
      lock.unlock();
    }
  }

  private void load() {
    GetResponse read =
        Etcd.await(
            client.getKVClient().get(bytes(dir), GetOption.builder().isPrefix(true).build()),
            timeout,
            "read of " + dir);
    Map<String, Member> fresh = new HashMap<>();
    for (KeyValue kv : read.getKvs()) {
      put(fresh, text(kv.getKey()), kv);
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (watcher != null) {
        watcher.close();
      }
      revision = read.getHeader().getRevision();
      resyncing = false;
      int current = ++generation;
      WatchOption option = WatchOption.builder().isPrefix(true).withRevision(revision + 1).build();
      watcher =
          client
              .getWatchClient()
              .watch(
                  bytes(dir),
                  option,
                  Watch.listener(
                      response -> onEvents(current, response),
                      error -> onFailure(current, error),
                      () -> onFailure(current, null)));
      publish(fresh);
    } finally {
      lock.unlock();
    }
  }

  private void onEvents(int fromGeneration, WatchResponse response) {
    lock.lock();
    try {
      if (closed || fromGeneration != generation) {
        return;
      }
      Map<String, Member> next = new HashMap<>(members);
      for (WatchEvent event : response.getEvents()) {
        KeyValue kv = event.getKeyValue();
        if (kv.getModRevision() <= revision) {
          continue;
        }
        revision = kv.getModRevision();
        String key = text(kv.getKey());
        switch (event.getEventType()) {
          case PUT -> put(next, key, kv);
          case DELETE -> next.remove(key.substring(dir.length()));
          case UNRECOGNIZED -> LOG.warn("{}: unrecognized watch event on {}", dir, key);
        }
      }
      publish(next);
    } finally {
      lock.unlock();
    }
  }

  private void onFailure(int fromGeneration, Throwable error) {
    lock.lock();
    try {
      if (closed || fromGeneration != generation || resyncing) {
        return;
      }
      resyncing = true;
    } finally {
      lock.unlock();
    }
    LOG.warn(
        "{}: watch ended ({}); reading the runners again",
        dir,
        error == null ? "completed" : error.toString());
    Thread.ofVirtual().name("cruster-runner-resync").start(this::resync);
  }

  private void resync() {
    Backoff backoff = new Backoff(MIN_BACKOFF, MAX_BACKOFF);
    while (true) {
      Duration wait = backoff.next();
      try {
        load();
        return;
      } catch (ClusterException e) {
        LOG.warn(
            "{}: reading the runners failed ({}); retrying in {} ms",
            dir,
            e.getMessage(),
            wait.toMillis());
      }
      if (!sleepUnlessClosed(wait)) {
        return;
      }
    }
  }

  private boolean sleepUnlessClosed(Duration pause) {
    lock.lock();
    try {
      long left = pause.toNanos();
      while (!closed && left > 0) {
        left = closedSignal.awaitNanos(left);
      }
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds the member registered at {@code key}; a value that does not decode is logged and left out.
   */
  private void put(Map<String, Member> into, String key, KeyValue kv) {
    String address = key.substring(dir.length());
    try {
      into.put(address, Member.decode(text(kv.getValue())));
    } catch (IllegalArgumentException e) {
      into.remove(address);
      LOG.warn("{}: ignoring the registration at {}: {}", dir, key, e.getMessage());
    }
  }

  /** Must hold the lock. */
  private void publish(Map<String, Member> next) {
    if (next.equals(members)) {
      return;
    }
    members = Map.copyOf(next);
    try {
      onChange.accept(members);
    } catch (RuntimeException e) {
      LOG.error("{}: membership listener failed", dir, e);
    }
  }
}
