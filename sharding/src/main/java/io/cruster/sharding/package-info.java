/**
 * Sharding (to come): entity types, traits and durable workflows, the entity runtime, shard hashing and
 * rendezvous assignment, runners with etcd membership and shard locks, singletons, entity clients, and the
 * {@code SingleRunner} for one-node deployments.
 */
package io.cruster.sharding;
