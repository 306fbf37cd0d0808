package io.cruster.opentelemetry;

import io.cruster.sharding.spi.Observation;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Map;
import org.slf4j.MDC;

/**
 * One span as an {@link Observation}: made current with its trace and span ids in the MDC (restored
 * on close), injected as W3C fields, ended with its failure. Thread-safe (spans are).
 */
final class SpanObservation implements Observation {
  private final Span span;
  private final Context context;
  private final TextMapPropagator propagator;

  SpanObservation(Span span, Context context, TextMapPropagator propagator) {
    this.span = span;
    this.context = context;
    this.propagator = propagator;
  }

  @Override
  public Scope makeCurrent() {
    io.opentelemetry.context.Scope scope = context.makeCurrent();
    SpanContext sc = span.getSpanContext();
    if (!sc.isValid()) {
      return scope::close;
    }
    String trace0 = MDC.get(CrusterOpenTelemetry.TRACE_ID);
    String span0 = MDC.get(CrusterOpenTelemetry.SPAN_ID);
    MDC.put(CrusterOpenTelemetry.TRACE_ID, sc.getTraceId());
    MDC.put(CrusterOpenTelemetry.SPAN_ID, sc.getSpanId());
    return () -> {
      restore(CrusterOpenTelemetry.TRACE_ID, trace0);
      restore(CrusterOpenTelemetry.SPAN_ID, span0);
      scope.close();
    };
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  @Override
  public void inject(Map<String, String> carrier) {
    propagator.inject(context, carrier, (c, k, v) -> c.put(k, v));
  }

  @Override
  public void end(Throwable error) {
    if (error != null) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
    }
    span.end();
  }
}
