/**
 * {@link io.cruster.opentelemetry.CrusterOpenTelemetry}: the OpenTelemetry instrumentation of a
 * Cruster node (spans, W3C trace context propagation, {@code trace_id}/{@code span_id} in the MDC).
 */
package io.cruster.opentelemetry;
