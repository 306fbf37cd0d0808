package io.cruster.micrometer;

import io.cruster.sharding.CallTimeoutException;
import io.cruster.sharding.EntityException;
import io.cruster.sharding.spi.Instrumentation;
import io.cruster.sharding.spi.NodeInfo;
import io.cruster.sharding.spi.Observation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Records a Cruster node's {@code cruster.*} meters in a Micrometer registry. Pass it to {@code
 * .instrumentation(...)} of {@code TestCluster.builder()}, {@code SingleRunner.builder()} or {@code
 * Sharding.builder(config)}:
 *
 * <pre>{@code
 * Sharding.builder(config).instrumentation(CrusterMicrometer.create(meterRegistry)).build();
 * }</pre>
 *
 * <p>Tags are bounded: entity types, message tags, kinds, outcomes, statuses and the runner's name,
 * never an entity id or a request id. Meters (Prometheus names in brackets replace dots with
 * underscores and add units):
 *
 * <ul>
 *   <li>{@value #CALLS} timer: client calls by {@code entity.type}, {@code message.tag}, {@code
 *       kind} (rpc, activity, workflow, stream), {@code outcome} (success, failure: the handler
 *       threw; timeout; error: anything else) and {@code remote};
 *   <li>{@value #HANDLERS} timer: handlers run here, by entity type, tag, kind and outcome;
 *   <li>{@value #ACTIVATIONS} and {@value #PASSIVATIONS} counters and the {@value #LIVE} gauge, by
 *       entity type; {@value #MAILBOX} gauge;
 *   <li>{@value #IN_FLIGHT} gauge, {@value #DELIVERY_FAILURES} and {@value #DEAD_LETTERED} counters
 *       (entity type, tag), {@value #POLLED} counter;
 *   <li>{@value #BATCH} distribution summary and {@value #FLUSH} timer (outcome): group commits;
 *   <li>{@value #WORKFLOWS} counter by entity type, tag and {@code status} (completed, failed,
 *       stopped), {@value #WORKFLOWS_RUNNING} gauge, {@value #STEPS} timer by entity type and
 *       {@code step.kind};
 *   <li>{@value #SHARDS} gauge, {@value #SHARD_MOVES} counter ({@code direction} acquired or
 *       released);
 *   <li>{@value #TRANSPORT_IN_FLIGHT} gauge and {@value #RECONNECTS} counter.
 * </ul>
 *
 * Gauges carry a {@code runner} tag, so several nodes may share a registry. Thread-safe; never
 * blocks.
 */
public final class CrusterMicrometer implements Instrumentation {
  public static final String CALLS = "cruster.calls";
  public static final String HANDLERS = "cruster.handlers";
  public static final String ACTIVATIONS = "cruster.entity.activations";
  public static final String PASSIVATIONS = "cruster.entity.passivations";
  public static final String LIVE = "cruster.entities.live";
  public static final String MAILBOX = "cruster.mailbox.depth";
  public static final String IN_FLIGHT = "cruster.requests.inflight";
  public static final String DELIVERY_FAILURES = "cruster.requests.delivery.failures";
  public static final String DEAD_LETTERED = "cruster.requests.deadlettered";
  public static final String POLLED = "cruster.requests.polled";
  public static final String BATCH = "cruster.storage.commit.batch";
  public static final String FLUSH = "cruster.storage.commit.flush";
  public static final String WORKFLOWS = "cruster.workflows";
  public static final String WORKFLOWS_RUNNING = "cruster.workflows.running";
  public static final String STEPS = "cruster.workflow.steps";
  public static final String SHARDS = "cruster.shards.served";
  public static final String SHARD_MOVES = "cruster.shard.moves";
  public static final String TRANSPORT_IN_FLIGHT = "cruster.transport.inflight";
  public static final String RECONNECTS = "cruster.transport.reconnects";

  private final MeterRegistry registry;
  private final NodeInfo node;

  /** Calls by type, then tag: looked up without allocating. */
  private final Map<String, Map<String, CallMeters>> calls = new ConcurrentHashMap<>();

  private final Map<String, Map<String, CallMeters>> handlers = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> steps = new ConcurrentHashMap<>();
  private final Map<String, Boolean> liveGauges = new ConcurrentHashMap<>();

  private CrusterMicrometer(MeterRegistry registry, NodeInfo node) {
    this.registry = registry;
    this.node = node;
  }

  /** Records into {@code registry}. */
  public static CrusterMicrometer create(MeterRegistry registry) {
    return new CrusterMicrometer(Objects.requireNonNull(registry, "registry"), null);
  }

  /**
   * The {@code cruster.*} meters of {@code registry} now, for a console or a log line: one entry
   * per meter, keyed by its name and tags ({@code cruster.calls{entity.type=Order,...}}), valued by
   * its measurements ({@code count}, {@code total_time} in seconds, {@code value}, ...). Sorted by
   * key. For example {@code AdminServer.start(cluster, settings, () ->
   * CrusterMicrometer.summary(registry))}.
   */
  public static Map<String, Map<String, Double>> summary(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Map<String, Map<String, Double>> out = new java.util.TreeMap<>();
    for (io.micrometer.core.instrument.Meter meter : registry.getMeters()) {
      io.micrometer.core.instrument.Meter.Id id = meter.getId();
      if (!id.getName().startsWith("cruster.")) {
        continue;
      }
      StringBuilder key = new StringBuilder(id.getName());
      java.util.List<io.micrometer.core.instrument.Tag> tags = id.getTags();
      if (!tags.isEmpty()) {
        key.append('{');
        for (int i = 0; i < tags.size(); i++) {
          key.append(i == 0 ? "" : ",").append(tags.get(i).getKey()).append('=');
          key.append(tags.get(i).getValue());
        }
        key.append('}');
      }
      Map<String, Double> values = new java.util.LinkedHashMap<>();
      for (io.micrometer.core.instrument.Measurement m : meter.measure()) {
        values.put(m.getStatistic().getTagValueRepresentation(), m.getValue());
      }
      out.put(key.toString(), values);
    }
    return out;
  }

  @Override
  public Instrumentation bind(NodeInfo node) {
    CrusterMicrometer bound = new CrusterMicrometer(registry, node);
    bound.gauge(MAILBOX, NodeInfo::mailboxDepth);
    bound.gauge(IN_FLIGHT, NodeInfo::requestsInFlight);
    bound.gauge(WORKFLOWS_RUNNING, NodeInfo::workflowsRunning);
    bound.gauge(SHARDS, NodeInfo::servedShards);
    bound.gauge(TRANSPORT_IN_FLIGHT, NodeInfo::transportInFlight);
    return bound;
  }

  private void gauge(String name, ToDoubleFunction<NodeInfo> value) {
    Gauge.builder(name, node, value).tag("runner", node.runner()).register(registry);
  }

  // ---- timed work

  /** The outcome of a call that ended with {@code error}: success, failure, timeout, error. */
  static int outcome(Throwable error) {
    if (error == null) {
      return 0;
    }
    if (error instanceof EntityException) {
      return 1;
    }
    if (error instanceof CallTimeoutException) {
      return 2;
    }
    return 3;
  }

  private CallMeters meters(
      Map<String, Map<String, CallMeters>> byType,
      String meter,
      String entityType,
      String tag,
      String kind) {
    Map<String, CallMeters> byTag = byType.get(entityType);
    if (byTag == null) {
      byTag = byType.computeIfAbsent(entityType, t -> new ConcurrentHashMap<>());
    }
    CallMeters m = byTag.get(tag);
    if (m == null) {
      m = byTag.computeIfAbsent(tag, t -> new CallMeters(registry, meter, entityType, t, kind));
    }
    return m;
  }

  @Override
  public Observation call(
      String entityType, String entityId, String tag, String kind, boolean remote) {
    return new Timed(meters(calls, CALLS, entityType, tag, kind), remote, System.nanoTime());
  }

  @Override
  public Observation handle(
      String entityType,
      String entityId,
      String tag,
      String kind,
      String requestId,
      Map<String, String> parent) {
    return new Timed(meters(handlers, HANDLERS, entityType, tag, kind), null, System.nanoTime());
  }

  @Override
  public Observation step(
      String entityType,
      String entityId,
      String executionId,
      int step,
      String stepKind,
      String tag) {
    Timer t =
        steps.computeIfAbsent(
            entityType + '\0' + stepKind,
            k ->
                Timer.builder(STEPS)
                    .tag("entity.type", entityType)
                    .tag("step.kind", stepKind)
                    .register(registry));
    long start = System.nanoTime();
    return new Observation() {
      @Override
      public void end(Throwable error) {
        t.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
    };
  }

  // ---- events

  private Counter counter(String name, String... tags) {
    String key = name + '\0' + String.join("\0", tags);
    Counter c = counters.get(key);
    return c != null
        ? c
        : counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
  }

  @Override
  public void groupCommitted(int writes, long nanos, boolean failed) {
    DistributionSummary.builder(BATCH).baseUnit("writes").register(registry).record(writes);
    Timer.builder(FLUSH)
        .tag("outcome", failed ? "error" : "success")
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void entityActivated(String entityType, String entityId) {
    counter(ACTIVATIONS, "entity.type", entityType).increment();
    if (node != null && liveGauges.putIfAbsent(entityType, Boolean.TRUE) == null) {
      Gauge.builder(LIVE, node, n -> n.liveEntities().getOrDefault(entityType, 0))
          .tag("entity.type", entityType)
          .tag("runner", node.runner())
          .register(registry);
    }
  }

  @Override
  public void entityPassivated(String entityType, String entityId) {
    counter(PASSIVATIONS, "entity.type", entityType).increment();
  }

  @Override
  public void deliveryFailed(String entityType, String tag) {
    counter(DELIVERY_FAILURES, "entity.type", entityType, "message.tag", tag).increment();
  }

  @Override
  public void deadLettered(String entityType, String tag) {
    counter(DEAD_LETTERED, "entity.type", entityType, "message.tag", tag).increment();
  }

  @Override
  public void workflowEnded(String entityType, String tag, String status) {
    counter(WORKFLOWS, "entity.type", entityType, "message.tag", tag, "status", status).increment();
  }

  @Override
  public void shardsMoved(int acquired, int released) {
    if (acquired > 0) {
      counter(SHARD_MOVES, "direction", "acquired").increment(acquired);
    }
    if (released > 0) {
      counter(SHARD_MOVES, "direction", "released").increment(released);
    }
  }

  @Override
  public void transportReconnected() {
    counter(RECONNECTS).increment();
  }

  @Override
  public void storagePolled(int requests) {
    counter(POLLED).increment(requests);
  }

  /** The timers of one (entity type, tag): by remote flag (or none) and outcome. */
  private static final class CallMeters {
    private final MeterRegistry registry;
    private final String meter;
    private final String entityType;
    private final String tag;
    private final String kind;
    private static final String[] OUTCOMES = {"success", "failure", "timeout", "error"};

    /** By (remote: none, false, true) x outcome. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<Timer> timers =
        new java.util.concurrent.atomic.AtomicReferenceArray<>(3 * OUTCOMES.length);

    CallMeters(MeterRegistry registry, String meter, String entityType, String tag, String kind) {
      this.registry = registry;
      this.meter = meter;
      this.entityType = entityType;
      this.tag = tag;
      this.kind = kind;
    }

    Timer timer(Boolean remote, int outcome) {
      int i = (remote == null ? 0 : remote ? 2 : 1) * OUTCOMES.length + outcome;
      Timer t = timers.get(i);
      if (t != null) {
        return t;
      }
      Timer.Builder b =
          Timer.builder(meter)
              .tag("entity.type", entityType)
              .tag("message.tag", tag)
              .tag("kind", kind)
              .tag("outcome", OUTCOMES[outcome]);
      if (remote != null) {
        b.tag("remote", remote.toString());
      }
      t = b.register(registry); // the registry returns the same timer to a racing thread
      timers.set(i, t);
      return t;
    }
  }

  /** A call or handler being timed. */
  private record Timed(CallMeters meters, Boolean remote, long start) implements Observation {
    @Override
    public void end(Throwable error) {
      meters.timer(remote, outcome(error)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
