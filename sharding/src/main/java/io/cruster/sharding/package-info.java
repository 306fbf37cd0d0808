/**
 * Entities and durable workflows: {@link io.cruster.sharding.EntityType}s built from message
 * records and handlers, {@link io.cruster.sharding.EntityTrait}s composed into them, {@link
 * io.cruster.sharding.EntityClient}s to call them, and the {@link io.cruster.sharding.Cluster}s
 * that host them ({@link io.cruster.sharding.SingleRunner} on one node; the sharded cluster across
 * many comes next).
 */
package io.cruster.sharding;
