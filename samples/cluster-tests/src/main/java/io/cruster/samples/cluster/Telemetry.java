package io.cruster.samples.cluster;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The runner's observability: a Prometheus registry for {@code /metrics}, and OpenTelemetry when
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set (the SDK's autoconfigure: every {@code OTEL_*}
 * variable applies) or {@code CLUSTER_SPANS_FILE} names a file for the spans of this process
 * (tests). Admin requests continue the W3C {@code traceparent} they carry.
 */
final class Telemetry {
  final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final Optional<OpenTelemetry> tracing;

  private static final TextMapGetter<HttpExchange> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpExchange ex) {
          return ex.getRequestHeaders().keySet();
        }

        @Override
        public String get(HttpExchange ex, String key) {
          return ex == null ? null : ex.getRequestHeaders().getFirst(key);
        }
      };

  Telemetry() {
    String otlp = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
    String file = System.getenv("CLUSTER_SPANS_FILE");
    boolean toFile = file != null && !file.isBlank();
    if (otlp != null && !otlp.isBlank()) {
      tracing =
          Optional.of(
              AutoConfiguredOpenTelemetrySdk.builder()
                  .addTracerProviderCustomizer(
                      (b, config) ->
                          toFile
                              ? b.addSpanProcessor(
                                  SimpleSpanProcessor.create(new SpanFile(Path.of(file))))
                              : b)
                  .build()
                  .getOpenTelemetrySdk());
    } else if (toFile) {
      tracing =
          Optional.of(
              OpenTelemetrySdk.builder()
                  .setTracerProvider(
                      SdkTracerProvider.builder()
                          .addSpanProcessor(SimpleSpanProcessor.create(new SpanFile(Path.of(file))))
                          .build())
                  .setPropagators(
                      ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                  .build());
    } else {
      tracing = Optional.empty();
    }
  }

  /** Makes the trace context of an admin request's headers current (a no-op scope without one). */
  Scope continueTrace(HttpExchange ex) {
    if (tracing.isEmpty() || ex.getRequestHeaders().getFirst("traceparent") == null) {
      return Scope.noop();
    }
    return tracing
        .get()
        .getPropagators()
        .getTextMapPropagator()
        .extract(Context.root(), ex, HEADERS)
        .makeCurrent();
  }

  /** What Prometheus scrapes. */
  String scrape() {
    return metrics.scrape();
  }

  /** The names of what is on. */
  List<String> describe() {
    return tracing.isPresent() ? List.of("metrics", "tracing") : List.of("metrics");
  }
}
