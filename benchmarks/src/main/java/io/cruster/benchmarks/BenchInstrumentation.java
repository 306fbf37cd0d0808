package io.cruster.benchmarks;

import io.cruster.micrometer.CrusterMicrometer;
import io.cruster.opentelemetry.CrusterOpenTelemetry;
import io.cruster.sharding.spi.Instrumentation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code --instrumentation=off|metrics|tracing} switch of the benchmark suites: what the
 * Cruster nodes of a run report to (the forked cluster nodes get it as the system property {@value
 * #PROPERTY}). {@code metrics}: {@link CrusterMicrometer} on a {@link SimpleMeterRegistry}; {@code
 * tracing}: {@link CrusterOpenTelemetry} on an SDK that samples every span (always on) and hands
 * them to a batch processor whose exporter counts and drops them, so the figure is the cost of
 * making spans, not of shipping them.
 */
final class BenchInstrumentation {
  static final String PROPERTY = "cruster.bench.instrumentation";
  static final List<String> MODES = List.of("off", "metrics", "tracing");
  static final LongAdder EXPORTED = new LongAdder();

  private BenchInstrumentation() {}

  /** The mode of this run: {@code off} unless set. */
  static String mode() {
    String m = System.getProperty(PROPERTY, "off").toLowerCase(Locale.ROOT);
    if (!MODES.contains(m)) {
      throw new IllegalArgumentException(
          "--instrumentation must be one of " + MODES + ", was [" + m + "]");
    }
    return m;
  }

  /** What a node of this run reports to (none when off). */
  static List<Instrumentation> instrumentations() {
    return switch (mode()) {
      case "metrics" -> List.of(CrusterMicrometer.create(new SimpleMeterRegistry()));
      case "tracing" -> List.of(CrusterOpenTelemetry.create(tracingSdk()));
      default -> List.of();
    };
  }

  private static OpenTelemetrySdk tracingSdk() {
    SpanExporter dropping =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            EXPORTED.add(spans.size());
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setSampler(Sampler.alwaysOn())
                .addSpanProcessor(BatchSpanProcessor.builder(dropping).build())
                .build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }
}
