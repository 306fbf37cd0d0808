package io.cruster.opentelemetry;

import io.cruster.sharding.spi.Instrumentation;
import io.cruster.sharding.spi.NodeInfo;
import io.cruster.sharding.spi.Observation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Traces a Cruster node with OpenTelemetry. Pass it to {@code .instrumentation(...)} of {@code
 * TestCluster.builder()}, {@code SingleRunner.builder()} or {@code Sharding.builder(config)}:
 *
 * <pre>{@code
 * Sharding.builder(config).instrumentation(CrusterOpenTelemetry.create(openTelemetry)).build();
 * }</pre>
 *
 * <p>Each client call takes the caller's current context as its parent and sends its own as W3C
 * {@code traceparent}/{@code tracestate} (the propagators of {@code openTelemetry}) with the call
 * and into the stored request, so the hop to another runner, the handler, a workflow's steps and
 * the calls it makes form one trace, also when a poll, a retry or another runner after a crash runs
 * the request. While a handler, workflow or step is current, the MDC holds {@value #TRACE_ID} and
 * {@value #SPAN_ID}.
 *
 * <p>Spans (kind): {@code call T/tag} (client), {@code hop T/tag} (client) and {@code serve T/tag}
 * (server) between runners, {@code handle T/tag} (server), {@code workflow T/tag}, {@code step n
 * kind tag}, {@code commit T/tag}, {@code group commit}, {@code singleton name}, {@code shard
 * acquisition}, {@code shard hand-over} (internal). Attributes: {@code cruster.entity.type}, {@code
 * cruster.entity.id}, {@code cruster.message.tag}, {@code cruster.message.kind}, {@code
 * cruster.request.id}, {@code cruster.runner}, and the RPC conventions {@code rpc.system}={@code
 * cruster}, {@code rpc.service} (entity type), {@code rpc.method} (tag), {@code server.address}.
 *
 * <p>Immutable and thread-safe; never blocks (the SDK's span processors decide how spans leave).
 */
public final class CrusterOpenTelemetry implements Instrumentation {
  /** The instrumentation scope name of the tracer. */
  public static final String SCOPE = "io.cruster";

  /** The MDC key of the current trace id. */
  public static final String TRACE_ID = "trace_id";

  /** The MDC key of the current span id. */
  public static final String SPAN_ID = "span_id";

  static final AttributeKey<String> ENTITY_TYPE = AttributeKey.stringKey("cruster.entity.type");
  static final AttributeKey<String> ENTITY_ID = AttributeKey.stringKey("cruster.entity.id");
  static final AttributeKey<String> TAG = AttributeKey.stringKey("cruster.message.tag");
  static final AttributeKey<String> KIND = AttributeKey.stringKey("cruster.message.kind");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("cruster.request.id");
  static final AttributeKey<String> RUNNER = AttributeKey.stringKey("cruster.runner");
  static final AttributeKey<Boolean> REMOTE = AttributeKey.booleanKey("cruster.remote");
  static final AttributeKey<Long> STEP = AttributeKey.longKey("cruster.workflow.step");
  static final AttributeKey<String> STEP_KIND =
      AttributeKey.stringKey("cruster.workflow.step.kind");
  static final AttributeKey<String> SINGLETON = AttributeKey.stringKey("cruster.singleton");
  static final AttributeKey<Long> SHARDS = AttributeKey.longKey("cruster.shards");
  static final AttributeKey<Long> BATCH = AttributeKey.longKey("cruster.storage.batch_size");
  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final String runner;

  private CrusterOpenTelemetry(Tracer tracer, TextMapPropagator propagator, String runner) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.runner = runner;
  }

  /**
   * Traces with {@code openTelemetry}'s tracer (scope {@value #SCOPE}) and text-map propagators
   * (configure W3C trace context there, as the SDK's autoconfigure does by default).
   */
  public static CrusterOpenTelemetry create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    return new CrusterOpenTelemetry(
        openTelemetry.getTracer(SCOPE),
        openTelemetry.getPropagators().getTextMapPropagator(),
        null);
  }

  @Override
  public Instrumentation bind(NodeInfo node) {
    return new CrusterOpenTelemetry(tracer, propagator, node.runner());
  }

  // ---- spans

  private Context parent(Map<String, String> carrier) {
    return carrier == null || carrier.isEmpty()
        ? Context.current()
        : propagator.extract(Context.root(), carrier, GETTER);
  }

  private SpanBuilder span(String name, SpanKind kind, Context parent) {
    SpanBuilder b = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent);
    if (runner != null) {
      b.setAttribute(RUNNER, runner);
    }
    return b;
  }

  private SpanBuilder entitySpan(
      String verb, SpanKind kind, String entityType, String entityId, String tag, Context parent) {
    return span(verb + " " + entityType + "/" + tag, kind, parent)
        .setAttribute(ENTITY_TYPE, entityType)
        .setAttribute(ENTITY_ID, entityId)
        .setAttribute(TAG, tag)
        .setAttribute(RPC_SYSTEM, "cruster")
        .setAttribute(RPC_SERVICE, entityType)
        .setAttribute(RPC_METHOD, tag);
  }

  private Observation start(SpanBuilder b, Context parent) {
    Span span = b.startSpan();
    return new SpanObservation(span, parent.with(span), propagator);
  }

  @Override
  public Observation call(
      String entityType, String entityId, String tag, String kind, boolean remote) {
    Context parent = Context.current();
    return start(
        entitySpan("call", SpanKind.CLIENT, entityType, entityId, tag, parent)
            .setAttribute(KIND, kind)
            .setAttribute(REMOTE, remote),
        parent);
  }

  @Override
  public Observation remoteCall(
      String entityType, String entityId, String tag, String peer, Map<String, String> parent) {
    Context p = parent(parent);
    return start(
        entitySpan("hop", SpanKind.CLIENT, entityType, entityId, tag, p)
            .setAttribute(SERVER_ADDRESS, peer),
        p);
  }

  @Override
  public Observation remoteServe(
      String entityType, String entityId, String tag, Map<String, String> parent) {
    Context p = parent(parent);
    return start(entitySpan("serve", SpanKind.SERVER, entityType, entityId, tag, p), p);
  }

  @Override
  public Observation handle(
      String entityType,
      String entityId,
      String tag,
      String kind,
      String requestId,
      Map<String, String> parent) {
    Context p = parent(parent);
    SpanBuilder b =
        entitySpan("handle", SpanKind.SERVER, entityType, entityId, tag, p)
            .setAttribute(KIND, kind);
    if (!requestId.isEmpty()) {
      b.setAttribute(REQUEST_ID, requestId);
    }
    return start(b, p);
  }

  @Override
  public Observation workflow(
      String entityType,
      String entityId,
      String tag,
      String executionId,
      Map<String, String> parent) {
    Context p = parent(parent);
    return start(
        entitySpan("workflow", SpanKind.INTERNAL, entityType, entityId, tag, p)
            .setAttribute(KIND, "workflow")
            .setAttribute(REQUEST_ID, executionId),
        p);
  }

  @Override
  public Observation step(
      String entityType,
      String entityId,
      String executionId,
      int step,
      String stepKind,
      String tag) {
    Context p = Context.current();
    return start(
        span("step " + step + " " + stepKind + " " + tag, SpanKind.INTERNAL, p)
            .setAttribute(ENTITY_TYPE, entityType)
            .setAttribute(ENTITY_ID, entityId)
            .setAttribute(REQUEST_ID, executionId)
            .setAttribute(TAG, tag)
            .setAttribute(STEP, step)
            .setAttribute(STEP_KIND, stepKind),
        p);
  }

  @Override
  public Observation commit(String entityType, String entityId, String tag) {
    Context p = Context.current();
    return start(
        span("commit " + entityType + "/" + tag, SpanKind.INTERNAL, p)
            .setAttribute(ENTITY_TYPE, entityType)
            .setAttribute(ENTITY_ID, entityId)
            .setAttribute(TAG, tag),
        p);
  }

  @Override
  public Observation singleton(String name) {
    Context p = Context.current();
    return start(span("singleton " + name, SpanKind.INTERNAL, p).setAttribute(SINGLETON, name), p);
  }

  @Override
  public Observation shardAcquisition(int shards) {
    Context p = Context.current();
    return start(
        span("shard acquisition", SpanKind.INTERNAL, p).setAttribute(SHARDS, (long) shards), p);
  }

  @Override
  public Observation handOver(int shards) {
    Context p = Context.current();
    return start(
        span("shard hand-over", SpanKind.INTERNAL, p).setAttribute(SHARDS, (long) shards), p);
  }

  @Override
  public void groupCommitted(int writes, long nanos, boolean failed) {
    Instant end = Instant.now();
    Span span =
        span("group commit", SpanKind.INTERNAL, Context.current())
            .setAttribute(BATCH, (long) writes)
            .setStartTimestamp(end.minusNanos(nanos))
            .startSpan();
    if (failed) {
      span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "batch failed as a whole");
    }
    span.end(end);
  }
}
