/**
 * The transport between runners. Not API: nothing here is stable; the module exports this package
 * to {@code io.cruster.sharding} only.
 *
 * <ul>
 *   <li>The transport-neutral contract: {@link io.cruster.remoting.internal.RunnerServer} serves
 *       calls to a {@link io.cruster.remoting.internal.RequestHandler}, which replies through a
 *       {@link io.cruster.remoting.internal.ReplySink}; {@link
 *       io.cruster.remoting.internal.RunnerClient} makes calls ({@link
 *       io.cruster.remoting.internal.RemoteCall}) and gets bytes, a {@link
 *       io.cruster.remoting.internal.ReplyStream} of {@link
 *       io.cruster.remoting.internal.RemoteReply} items, or a {@link
 *       io.cruster.remoting.internal.RemoteException} carrying a typed {@link
 *       io.cruster.remoting.internal.RemoteFailure}. {@link
 *       io.cruster.remoting.internal.TransportSettings} configures both.
 *   <li>Its gRPC implementation and the generated wire model ({@code proto}).
 * </ul>
 *
 * <p>Shape: one bidirectional stream per client-server pair carries every call, multiplexed by call
 * id ({@link io.cruster.remoting.internal.ClientSession} and {@link
 * io.cruster.remoting.internal.ServerStream}). gRPC runs with {@code directExecutor()}, so stream
 * callbacks run on Netty's event loop: they only decode, look up a call and complete or enqueue;
 * they never wait. Outgoing frames go through a bounded {@link
 * io.cruster.remoting.internal.FrameWriter} that writes only while the stream is ready.
 */
package io.cruster.remoting.internal;
