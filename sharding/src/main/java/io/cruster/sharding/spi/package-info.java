/**
 * Plugin interfaces of a cluster node: {@link io.cruster.sharding.spi.MetricsListener} receives
 * what the node does, for metrics and tests.
 */
package io.cruster.sharding.spi;
