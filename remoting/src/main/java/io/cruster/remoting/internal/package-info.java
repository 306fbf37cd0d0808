/**
 * The gRPC transport behind {@link io.cruster.remoting.RunnerServer} and {@link
 * io.cruster.remoting.RunnerClient}, and the generated wire model ({@code proto}). Not API: nothing
 * here is stable.
 *
 * <p>Shape: one bidirectional stream per client-server pair carries every call, multiplexed by call
 * id ({@link io.cruster.remoting.internal.ClientSession} and {@link
 * io.cruster.remoting.internal.ServerStream}). gRPC runs with {@code directExecutor()}, so stream
 * callbacks run on Netty's event loop: they only decode, look up a call and complete or enqueue;
 * they never wait. Outgoing frames go through a bounded {@link
 * io.cruster.remoting.internal.FrameWriter} that writes only while the stream is ready.
 */
package io.cruster.remoting.internal;
