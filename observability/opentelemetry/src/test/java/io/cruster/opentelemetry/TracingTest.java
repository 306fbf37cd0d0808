package io.cruster.opentelemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.sharding.EntityClient;
import io.cruster.testkit.TestCluster;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TracingTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private final TestCluster cluster =
      TestCluster.builder().instrumentation(CrusterOpenTelemetry.create(otel)).build();
  private final EntityClient orders = cluster.register(Shop.Order.TYPE);
  private final EntityClient stocks = cluster.register(Shop.Stock.TYPE);

  @AfterEach
  void close() {
    cluster.close();
    otel.close();
  }

  private Map<String, SpanData> awaitSpans(String... names) {
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> names().containsAll(List.of(names)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("expected spans " + List.of(names) + ", finished: " + names(), e);
    }
    return exporter.getFinishedSpanItems().stream()
        .collect(Collectors.toMap(SpanData::getName, Function.identity(), (a, b) -> a));
  }

  private List<String> names() {
    return exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
  }

  private static String attr(SpanData s, String key) {
    return s.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void aWorkflowCallingAnotherEntityFormsOneTraceUnderTheCaller() {
    Span root = otel.getTracer("test").spanBuilder("test").startSpan();
    try (Scope s = root.makeCurrent()) {
      assertEquals(96, orders.call("o-1", new Shop.Order.Place("s-1", 4)));
    } finally {
      root.end();
    }

    Map<String, SpanData> spans =
        awaitSpans(
            "test",
            "call Order/Shop.Order.Place",
            "workflow Order/Shop.Order.Place",
            "step 1 activity Shop.Order.Validate",
            "commit Order/Shop.Order.Validate",
            "step 2 call call:Stock.Shop.Stock.Take",
            "call Stock/Shop.Stock.Take",
            "handle Stock/Shop.Stock.Take",
            "commit Stock/Shop.Stock.Take");
    String traceId = root.getSpanContext().getTraceId();
    for (SpanData s : spans.values()) {
      assertEquals(traceId, s.getTraceId(), s.getName() + " is in the caller's trace");
    }
    assertParent(spans, "call Order/Shop.Order.Place", "test");
    assertParent(spans, "workflow Order/Shop.Order.Place", "call Order/Shop.Order.Place");
    assertParent(spans, "step 1 activity Shop.Order.Validate", "workflow Order/Shop.Order.Place");
    assertParent(spans, "commit Order/Shop.Order.Validate", "step 1 activity Shop.Order.Validate");
    assertParent(
        spans, "step 2 call call:Stock.Shop.Stock.Take", "workflow Order/Shop.Order.Place");
    assertParent(spans, "call Stock/Shop.Stock.Take", "step 2 call call:Stock.Shop.Stock.Take");
    assertParent(spans, "handle Stock/Shop.Stock.Take", "call Stock/Shop.Stock.Take");
    assertParent(spans, "commit Stock/Shop.Stock.Take", "handle Stock/Shop.Stock.Take");

    SpanData call = spans.get("call Order/Shop.Order.Place");
    assertEquals(SpanKind.CLIENT, call.getKind());
    assertEquals("Order", attr(call, "cruster.entity.type"));
    assertEquals("o-1", attr(call, "cruster.entity.id"));
    assertEquals("Shop.Order.Place", attr(call, "cruster.message.tag"));
    assertEquals("workflow", attr(call, "cruster.message.kind"));
    assertEquals("single-runner", attr(call, "cruster.runner"));
    assertEquals("cruster", attr(call, "rpc.system"));
    assertEquals("Order", attr(call, "rpc.service"));
    assertEquals("Shop.Order.Place", attr(call, "rpc.method"));

    SpanData workflow = spans.get("workflow Order/Shop.Order.Place");
    assertNotNull(attr(workflow, "cruster.request.id"));
    SpanData handle = spans.get("handle Stock/Shop.Stock.Take");
    assertEquals(SpanKind.SERVER, handle.getKind());
    assertEquals("s-1", attr(handle, "cruster.entity.id"));
    assertEquals("activity", attr(handle, "cruster.message.kind"));
    assertFalse(attr(handle, "cruster.request.id").isEmpty());
    SpanData step = spans.get("step 1 activity Shop.Order.Validate");
    assertEquals(1L, step.getAttributes().get(AttributeKey.longKey("cruster.workflow.step")));
    assertEquals(
        attr(workflow, "cruster.request.id"), attr(step, "cruster.request.id"), "execution id");
  }

  @Test
  void anRpcHandlerIsAChildOfItsCallAndAFailedCallIsMarked() {
    stocks.call("s-2", new Shop.Stock.Left());
    Map<String, SpanData> spans =
        awaitSpans("call Stock/Shop.Stock.Left", "handle Stock/Shop.Stock.Left");
    assertParent(spans, "handle Stock/Shop.Stock.Left", "call Stock/Shop.Stock.Left");
    assertEquals("rpc", attr(spans.get("handle Stock/Shop.Stock.Left"), "cruster.message.kind"));
    assertTrue(
        spans.get("call Stock/Shop.Stock.Left").getParentSpanContext() == null
            || !spans.get("call Stock/Shop.Stock.Left").getParentSpanContext().isValid(),
        "a call outside any span starts a trace");
  }

  @Test
  void aWorkflowResumedAfterACrashContinuesTheStoredTrace() {
    Span root = otel.getTracer("test").spanBuilder("test").startSpan();
    java.util.concurrent.CompletableFuture<Integer> reply;
    try (Scope s = root.makeCurrent()) {
      reply = orders.callAsync("o-3", new Shop.Order.PlaceLater("s-3", 1));
    } finally {
      root.end();
    }
    awaitSpans("step 1 sleep sleep"); // the durable timer is committed

    cluster.restart(); // the execution stops here and resumes from its journal on the fresh node
    cluster.clock().advance(Duration.ofHours(2));

    reply.exceptionally(e -> null); // the restart failed the waiting caller; the execution goes on
    Map<String, SpanData> spans =
        awaitSpans("call Stock/Shop.Stock.Take", "handle Stock/Shop.Stock.Take");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                exporter.getFinishedSpanItems().stream()
                        .filter(x -> x.getName().equals("workflow Order/Shop.Order.PlaceLater"))
                        .count()
                    == 2);
    List<SpanData> executions =
        exporter.getFinishedSpanItems().stream()
            .filter(x -> x.getName().equals("workflow Order/Shop.Order.PlaceLater"))
            .toList();
    String traceId = root.getSpanContext().getTraceId();
    SpanData clientCall =
        exporter.getFinishedSpanItems().stream()
            .filter(x -> x.getName().equals("call Order/Shop.Order.PlaceLater"))
            .findFirst()
            .orElseThrow();
    for (SpanData e : executions) {
      assertEquals(traceId, e.getTraceId(), "both runs of the execution are in the caller's trace");
      assertEquals(clientCall.getSpanId(), e.getParentSpanId(), "parent: the stored context");
    }
    assertEquals(traceId, spans.get("handle Stock/Shop.Stock.Take").getTraceId());
  }

  private static void assertParent(Map<String, SpanData> spans, String child, String parent) {
    assertEquals(
        spans.get(parent).getSpanId(),
        spans.get(child).getParentSpanId(),
        child + " is a child of " + parent);
  }
}
