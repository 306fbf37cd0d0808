/**
 * Plugin interfaces of a cluster node: {@link io.cruster.sharding.spi.Instrumentation} (with {@link
 * io.cruster.sharding.spi.Observation} and {@link io.cruster.sharding.spi.NodeInfo}) receives what
 * the node does, for traces, metrics and tests. The adapters cruster-opentelemetry and
 * cruster-micrometer implement it; the core depends on neither library.
 */
package io.cruster.sharding.spi;
