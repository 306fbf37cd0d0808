package io.cruster.sharding.internal;

import io.cruster.actors.ShardId;
import io.cruster.actors.internal.Backoff;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.Singleton;
import io.cruster.sharding.SingletonContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The singletons registered on this node. Each lives in a shard of the {@code default} group
 * ({@link #shardOf}) and runs, on a virtual thread of its own, only while that shard is served
 * here: on one node always, in a cluster on exactly the runner holding that shard's lock. {@link
 * #refresh} starts the singletons whose shard arrived and stops those whose shard left (their
 * context turns inactive, their sleeps end, and they get a grace period to return). A body that
 * fails is restarted with backoff (1 s doubling to 30 s).
 *
 * <p>Thread-safe: {@link #refresh} and the lifecycle calls hold one lock; the running bodies never
 * take it.
 */
final class Runners {
  private static final Logger LOG = LoggerFactory.getLogger(Runners.class);
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private final EntityRuntime runtime;
  private final Map<String, Registration> registered = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();

  Runners(EntityRuntime runtime) {
    this.runtime = runtime;
  }

  /** The shard a singleton lives in: {@code shardOf("default", "singleton/" + name)}. */
  static ShardId shardOf(String name, int shardsPerGroup) {
    return ShardHash.shardOf(
        ShardingConfig.DEFAULT_SHARD_GROUP, "singleton/" + name, shardsPerGroup);
  }

  void start(String name, Singleton body) {
    HandlerCompiler.checkName("singleton", name);
    java.util.Objects.requireNonNull(body, "body");
    Registration r = new Registration(name, body, shardOf(name, runtime.config().shardsPerGroup()));
    if (registered.putIfAbsent(name, r) != null) {
      throw new IllegalStateException("a singleton named " + name + " is already registered");
    }
    refresh(Duration.ZERO);
  }

  /**
   * Starts the singletons whose shard is served here and stops the others, waiting up to {@code
   * grace} for them.
   */
  void refresh(Duration grace) {
    lock.lock();
    try {
      long deadline = System.nanoTime() + grace.toNanos();
      for (Registration r : registered.values()) {
        boolean here = !runtime.isClosed() && runtime.isLocal(r.shard);
        if (here && r.run == null) {
          r.run = new Run(r);
          r.run.thread = Thread.ofVirtual().name("singleton-" + r.name).start(r.run::loop);
        } else if (!here && r.run != null) {
          r.run.stop();
        }
      }
      for (Registration r : registered.values()) {
        if (r.run != null && r.run.stopping) {
          if (!r.run.join(deadline)) {
            LOG.warn(
                "singleton {} did not return within {} of being stopped; it may still be running",
                r.name,
                grace);
          }
          r.run = null;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The singletons running on this node now. */
  Set<String> running() {
    Set<String> out = new TreeSet<>();
    registered
        .values()
        .forEach(
            r -> {
              Run run = r.run;
              if (run != null && !run.stopping) {
                out.add(r.name);
              }
            });
    return out;
  }

  /** Deactivates every singleton (the node closes); does not wait. */
  void stopAll() {
    lock.lock();
    try {
      registered
          .values()
          .forEach(
              r -> {
                if (r.run != null) {
                  r.run.stop();
                }
              });
    } finally {
      lock.unlock();
    }
  }

  private static final class Registration {
    final String name;
    final Singleton body;
    final ShardId shard;

    /** The current run, or null while it does not run here; guarded by the lock. */
    Run run;

    Registration(String name, Singleton body, ShardId shard) {
      this.name = name;
      this.body = body;
      this.shard = shard;
    }
  }

  /** One stretch of a singleton running here, from its shard's arrival to its departure. */
  private final class Run implements SingletonContext {
    private final Registration r;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    /** What the current sleep waits on; completed early by {@link #stop()}. */
    private volatile CompletableFuture<Void> wake = new CompletableFuture<>();

    volatile boolean stopping;
    volatile Thread thread;

    Run(Registration r) {
      this.r = r;
    }

    @Override
    public boolean isActive() {
      return !stopping && !runtime.isClosed() && runtime.isLocal(r.shard);
    }

    @Override
    public Instant now() {
      return runtime.now();
    }

    @Override
    public boolean sleep(Duration duration) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      wake = f;
      if (stopping) { // set before wake was read by stop(): checked after publishing f
        return false;
      }
      try {
        runtime.waits().awaitAtMost(f, duration);
      } catch (RuntimeClosedException e) {
        return false;
      }
      return isActive();
    }

    void stop() {
      stopping = true;
      wake.complete(null);
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }

    boolean join(long deadlineNanos) {
      try {
        ended.get(
            Math.max(0, deadlineNanos - System.nanoTime()),
            java.util.concurrent.TimeUnit.NANOSECONDS);
        return true;
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** One run of the body, observed as a singleton run and current on this thread. */
    private void runObserved() throws Exception {
      io.cruster.sharding.spi.Observation o = runtime.instrumentation().singleton(r.name);
      try (io.cruster.sharding.spi.Observation.Scope scope = o.makeCurrent()) {
        r.body.run(this);
      } catch (Throwable t) {
        o.end(t);
        throw t;
      }
      o.end(null);
    }

    void loop() {
      try {
        Backoff backoff = new Backoff(MIN_BACKOFF, MAX_BACKOFF);
        while (isActive()) {
          try {
            LOG.info("singleton {} started", r.name);
            runObserved();
            backoff.reset();
            if (isActive()) {
              LOG.info(
                  "singleton {} returned while active; starting it again in {}",
                  r.name,
                  MIN_BACKOFF);
              sleep(MIN_BACKOFF);
            }
          } catch (RuntimeClosedException e) {
            return;
          } catch (Throwable t) {
            if (!isActive()) {
              return;
            }
            Duration wait = backoff.next();
            LOG.warn("singleton {} failed; restarting in {}", r.name, wait, t);
            if (!sleep(wait)) {
              return;
            }
          }
        }
      } finally {
        LOG.info("singleton {} stopped on this node", r.name);
        ended.complete(null);
      }
    }
  }
}
