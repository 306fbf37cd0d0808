/**
 * Micrometer for Cruster: {@code CrusterMicrometer.create(meterRegistry)} records the {@code
 * cruster.*} meters of a node (calls, entities, mailboxes, requests, group commits, workflows,
 * shards, transport).
 */
module io.cruster.micrometer {
  requires transitive io.cruster.sharding;
  requires transitive micrometer.core;

  exports io.cruster.micrometer;
}
