package io.cruster.sharding.internal;

import io.cruster.sharding.spi.Instrumentation;
import io.cruster.sharding.spi.NodeInfo;
import io.cruster.sharding.spi.Observation;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instrumentations of one node as one: {@link Instrumentation#NONE} when there are none (the
 * hot paths then call its empty defaults and allocate nothing), else a fan-out that calls each in
 * order and logs, never propagates, what one of them throws. Immutable; thread-safe.
 */
final class Instruments implements Instrumentation {
  private static final Logger LOG = LoggerFactory.getLogger(Instruments.class);
  private final Instrumentation[] parts;

  private Instruments(Instrumentation[] parts) {
    this.parts = parts;
  }

  /** {@code all} bound to {@code node}, as one. */
  static Instrumentation of(List<Instrumentation> all, NodeInfo node) {
    if (all.isEmpty()) {
      return Instrumentation.NONE;
    }
    Instrumentation[] bound = new Instrumentation[all.size()];
    for (int i = 0; i < bound.length; i++) {
      Instrumentation b = all.get(i).bind(node);
      bound[i] = b == null ? Instrumentation.NONE : b;
    }
    return new Instruments(bound);
  }

  private static void warn(RuntimeException e) {
    LOG.warn("an instrumentation failed; ignored", e);
  }

  private Observation start(Function<Instrumentation, Observation> start) {
    Observation[] started = new Observation[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        Observation o = start.apply(parts[i]);
        started[i] = o == null ? Observation.NONE : o;
      } catch (RuntimeException e) {
        warn(e);
        started[i] = Observation.NONE;
      }
    }
    return started.length == 1 ? new Guarded(started[0]) : new Fanout(started);
  }

  private void each(java.util.function.Consumer<Instrumentation> event) {
    for (Instrumentation p : parts) {
      try {
        event.accept(p);
      } catch (RuntimeException e) {
        warn(e);
      }
    }
  }

  @Override
  public Observation call(
      String entityType, String entityId, String tag, String kind, boolean remote) {
    return start(p -> p.call(entityType, entityId, tag, kind, remote));
  }

  @Override
  public Observation remoteCall(
      String entityType, String entityId, String tag, String peer, Map<String, String> parent) {
    return start(p -> p.remoteCall(entityType, entityId, tag, peer, parent));
  }

  @Override
  public Observation remoteServe(
      String entityType, String entityId, String tag, Map<String, String> parent) {
    return start(p -> p.remoteServe(entityType, entityId, tag, parent));
  }

  @Override
  public Observation handle(
      String entityType,
      String entityId,
      String tag,
      String kind,
      String requestId,
      Map<String, String> parent) {
    return start(p -> p.handle(entityType, entityId, tag, kind, requestId, parent));
  }

  @Override
  public Observation workflow(
      String entityType,
      String entityId,
      String tag,
      String executionId,
      Map<String, String> parent) {
    return start(p -> p.workflow(entityType, entityId, tag, executionId, parent));
  }

  @Override
  public Observation step(
      String entityType,
      String entityId,
      String executionId,
      int step,
      String stepKind,
      String tag) {
    return start(p -> p.step(entityType, entityId, executionId, step, stepKind, tag));
  }

  @Override
  public Observation commit(String entityType, String entityId, String tag) {
    return start(p -> p.commit(entityType, entityId, tag));
  }

  @Override
  public Observation singleton(String name) {
    return start(p -> p.singleton(name));
  }

  @Override
  public Observation shardAcquisition(int shards) {
    return start(p -> p.shardAcquisition(shards));
  }

  @Override
  public Observation handOver(int shards) {
    return start(p -> p.handOver(shards));
  }

  @Override
  public void groupCommitted(int writes, long nanos, boolean failed) {
    each(p -> p.groupCommitted(writes, nanos, failed));
  }

  @Override
  public void entityActivated(String entityType, String entityId) {
    each(p -> p.entityActivated(entityType, entityId));
  }

  @Override
  public void entityPassivated(String entityType, String entityId) {
    each(p -> p.entityPassivated(entityType, entityId));
  }

  @Override
  public void deliveryFailed(String entityType, String tag) {
    each(p -> p.deliveryFailed(entityType, tag));
  }

  @Override
  public void deadLettered(String entityType, String tag) {
    each(p -> p.deadLettered(entityType, tag));
  }

  @Override
  public void workflowEnded(String entityType, String tag, String status) {
    each(p -> p.workflowEnded(entityType, tag, status));
  }

  @Override
  public void shardsMoved(int acquired, int released) {
    each(p -> p.shardsMoved(acquired, released));
  }

  @Override
  public void transportReconnected() {
    each(Instrumentation::transportReconnected);
  }

  @Override
  public void storagePolled(int requests) {
    each(p -> p.storagePolled(requests));
  }

  /** One observation whose failures are logged, not propagated. */
  private record Guarded(Observation o) implements Observation {
    @Override
    public Scope makeCurrent() {
      try {
        Scope s = o.makeCurrent();
        return s == null ? Scope.NONE : new GuardedScope(s);
      } catch (RuntimeException e) {
        warn(e);
        return Scope.NONE;
      }
    }

    @Override
    public void inject(Map<String, String> carrier) {
      try {
        o.inject(carrier);
      } catch (RuntimeException e) {
        warn(e);
      }
    }

    @Override
    public void end(Throwable error) {
      try {
        o.end(error);
      } catch (RuntimeException e) {
        warn(e);
      }
    }
  }

  private record GuardedScope(Observation.Scope s) implements Observation.Scope {
    @Override
    public void close() {
      try {
        s.close();
      } catch (RuntimeException e) {
        warn(e);
      }
    }
  }

  /** Several observations: started, made current and injected in order; closed in reverse. */
  private record Fanout(Observation[] parts) implements Observation {
    @Override
    public Scope makeCurrent() {
      Scope[] scopes = new Scope[parts.length];
      for (int i = 0; i < parts.length; i++) {
        scopes[i] = new Guarded(parts[i]).makeCurrent();
      }
      return () -> {
        for (int i = scopes.length - 1; i >= 0; i--) {
          scopes[i].close();
        }
      };
    }

    @Override
    public void inject(Map<String, String> carrier) {
      for (Observation o : parts) {
        new Guarded(o).inject(carrier);
      }
    }

    @Override
    public void end(Throwable error) {
      for (Observation o : parts) {
        new Guarded(o).end(error);
      }
    }
  }
}
