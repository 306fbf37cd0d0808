/**
 * OpenTelemetry for Cruster: {@code CrusterOpenTelemetry.create(openTelemetry)} traces every call,
 * hop between runners, handler, workflow execution and step, commit, singleton run and shard move,
 * and carries W3C trace context across runners and through storage.
 */
module io.cruster.opentelemetry {
  requires transitive io.cruster.sharding;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;
  requires org.slf4j;

  exports io.cruster.opentelemetry;
}
