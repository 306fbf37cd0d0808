package io.cruster.sharding.internal;

import io.cruster.sharding.Singleton;
import io.cruster.sharding.SingletonContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The singletons of a one-node cluster: each body runs on a virtual thread of its own and is restarted with
 * backoff (1 s doubling to 30 s) when it fails, until the node closes.
 */
final class Runners {
  private static final Logger LOG = LoggerFactory.getLogger(Runners.class);
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private final EntityRuntime runtime;
  private final Map<String, Thread> running = new ConcurrentHashMap<>();

  Runners(EntityRuntime runtime) {
    this.runtime = runtime;
  }

  void start(String name, Singleton body) {
    HandlerCompiler.checkName("singleton", name);
    java.util.Objects.requireNonNull(body, "body");
    running.compute(name, (n, before) -> {
      if (before != null) {
        throw new IllegalStateException("a singleton named " + name + " is already running");
      }
      return Thread.ofVirtual().name("singleton-" + name).start(() -> loop(name, body));
    });
  }

  private void loop(String name, Singleton body) {
    SingletonContext ctx = new SingletonContext() {
      @Override
      public boolean isActive() {
        return !runtime.isClosed();
      }

      @Override
      public java.time.Instant now() {
        return runtime.now();
      }

      @Override
      public boolean sleep(Duration duration) {
        try {
          runtime.sleepUntil(runtime.now().plus(duration));
          return isActive();
        } catch (EntityRuntime.RuntimeClosedException e) {
          return false;
        }
      }
    };
    Duration backoff = MIN_BACKOFF;
    while (ctx.isActive()) {
      try {
        LOG.info("singleton {} started", name);
        body.run(ctx);
        backoff = MIN_BACKOFF;
        if (ctx.isActive()) {
          LOG.info("singleton {} returned while active; starting it again in {}", name, MIN_BACKOFF);
          ctx.sleep(MIN_BACKOFF);
        }
      } catch (EntityRuntime.RuntimeClosedException e) {
        return;
      } catch (Throwable t) {
        if (!ctx.isActive()) {
          return;
        }
        LOG.warn("singleton {} failed; restarting in {}", name, backoff, t);
        if (!ctx.sleep(backoff)) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
  }

  void stopAll() {
    running.values().forEach(Thread::interrupt);
  }
}
