package io.cruster.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cruster.sharding.EntityClient;
import io.cruster.testkit.TestCluster;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The log lines of handlers carry the entity, request, runner and trace in their MDC. */
@Timeout(60)
class LogContextTest {
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
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

  private static Map<String, String> mdcOf(String message) {
    return RecordingLogs.LINES.stream()
        .filter(l -> l.message().equals(message))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no log line [" + message + "]"))
        .mdc();
  }

  @Test
  void handlerLogLinesCarryTheEntityRequestRunnerAndTraceKeys() {
    assertEquals(
        RecordingLogs.class,
        LoggerFactory.getLogger("any").getClass().getEnclosingClass(),
        "the recording backend is in use");
    Span root = otel.getTracer("test").spanBuilder("test").startSpan();
    try (Scope s = root.makeCurrent()) {
      orders.call("o-7", new Shop.Order.Place("s-7", 7));
    } finally {
      root.end();
    }

    Map<String, String> validate = mdcOf("validating 7");
    assertEquals("Order", validate.get("cruster.entityType"));
    assertEquals("o-7", validate.get("cruster.entityId"));
    assertEquals("single-runner", validate.get("cruster.runner"));
    assertNotNull(validate.get("cruster.requestId"), "the workflow's execution id");
    assertEquals(root.getSpanContext().getTraceId(), validate.get("trace_id"));
    assertNotNull(validate.get("span_id"));

    Map<String, String> take = mdcOf("taking 7");
    assertEquals("Stock", take.get("cruster.entityType"));
    assertEquals("s-7", take.get("cruster.entityId"));
    assertFalse(take.get("cruster.requestId").isEmpty());
    assertEquals(root.getSpanContext().getTraceId(), take.get("trace_id"));
  }

  @Test
  void aCallOutsideAnyTraceStartsOneThatItsHandlerLogsUnder() {
    stocks.call("s-8", new Shop.Stock.Take(8));

    Map<String, String> take = mdcOf("taking 8");
    assertEquals("s-8", take.get("cruster.entityId"));
    // the call started its own trace: its handler logs under it
    assertNotNull(take.get("trace_id"));
  }
}
