/**
 * Entities, traits and durable workflows, and the runners that host them: {@code TestCluster}'s
 * runtime, {@code SingleRunner} and the sharded cluster on etcd and gRPC.
 */
module io.cruster.sharding {
  requires transitive io.cruster.actors;
  requires transitive io.cruster.persistence;
  requires io.cruster.remoting;
  requires org.slf4j;
  requires io.grpc;
  requires jetcd.core;
  requires jetcd.api;
  requires jetcd.common;

  exports io.cruster.sharding;
  exports io.cruster.sharding.spi;
  exports io.cruster.sharding.internal to
      io.cruster.testkit,
      io.cruster.scheduler;
}
