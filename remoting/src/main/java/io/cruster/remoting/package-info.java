/**
 * Values shared by the storage and the runtime that name where an entity lives: {@link
 * io.cruster.remoting.EntityAddress} (entity type and id) and {@link io.cruster.remoting.ShardId} (shard
 * group and number). They are immutable records, safe to share between threads.
 *
 * <p>The gRPC transport between runners comes later: the wire model of envelopes and replies as protobuf and
 * a bidirectional streaming transport. Its generated protobuf and gRPC code will stay in {@code
 * io.cruster.remoting.internal}; no gRPC or protobuf type will appear in this package.
 */
package io.cruster.remoting;
