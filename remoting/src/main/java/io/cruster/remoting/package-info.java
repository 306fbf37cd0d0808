/**
 * The transport-neutral API between runners, and the values that name where an entity lives.
 *
 * <ul>
 *   <li>{@link io.cruster.remoting.EntityAddress} (entity type and id) and {@link
 *       io.cruster.remoting.ShardId} (shard group and number): immutable records.
 *   <li>{@link io.cruster.remoting.RunnerServer} serves calls to a {@link
 *       io.cruster.remoting.RequestHandler}, which replies through a {@link
 *       io.cruster.remoting.ReplySink}; {@link io.cruster.remoting.RunnerClient} makes calls
 *       ({@link io.cruster.remoting.RemoteCall}) and gets bytes, a {@link
 *       io.cruster.remoting.ReplyStream} of {@link io.cruster.remoting.RemoteReply} items, or a
 *       {@link io.cruster.remoting.RemoteException} carrying a typed {@link
 *       io.cruster.remoting.RemoteFailure}. {@link io.cruster.remoting.TransportSettings}
 *       configures both.
 * </ul>
 *
 * <p>Underneath is gRPC: one bidirectional stream per client-server pair multiplexes every call,
 * with a handshake that refuses incompatible protocol versions, flow control, deadlines, pings and
 * reconnects. The wire model and the generated code live in {@code io.cruster.remoting.internal};
 * no gRPC or protobuf type appears in this package.
 */
package io.cruster.remoting;
