package io.cruster.remoting.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Calls one remote {@link RunnerServer} over a single bidirectional gRPC stream that multiplexes
 * all calls. When the stream breaks, the calls in flight fail with UNAVAILABLE (retryable) and the
 * client reconnects by itself with exponential backoff; calls made while it is disconnected fail at
 * once with UNAVAILABLE (retryable). Thread-safe. Implemented by the transport; not meant to be
 * implemented by users.
 */
public interface RunnerClient extends AutoCloseable {

  /**
   * Connects to {@code target} ({@code host:port}) and shakes hands. Blocks until the handshake is
   * done, at most {@link TransportSettings#connectTimeout()}.
   *
   * @throws RemoteException UNAVAILABLE (retryable) if the server could not be reached in time;
   *     BAD_REQUEST if it refused this client (an incompatible protocol version)
   */
  static RunnerClient connect(TransportSettings settings, String target) {
    return ClientImpl.connect(settings, target);
  }

  /**
   * Calls and waits for the exit. Blocks, at most until the call's deadline; do not call it on a
   * transport thread (in a dependent stage of {@link #callAsync}).
   *
   * @return the success payload
   * @throws RemoteException with the failure: the server's, TIMEOUT, UNAVAILABLE or TOO_LARGE
   */
  byte[] call(RemoteCall call);

  /**
   * Calls without blocking. The future completes with the success payload or fails with a {@link
   * RemoteException}; it completes on a transport thread, so dependent stages must not block (use
   * the {@code ...Async} stage methods for heavy work). Cancelling the future interrupts the call.
   * When {@link TransportSettings#maxInFlightCalls()} calls are open or the send buffer is full, it
   * fails at once with UNAVAILABLE (retryable): back off, or use {@link #call}, which waits for
   * room.
   */
  CompletableFuture<byte[]> callAsync(RemoteCall call);

  /**
   * Starts a streamed call: the server replies with chunks, then an exit. Blocks only while waiting
   * for room to send the request (bounded). Close the stream to abandon the call.
   *
   * @throws RemoteException if the request cannot be sent (UNAVAILABLE, TOO_LARGE)
   */
  ReplyStream stream(RemoteCall call);

  /** Whether the stream to the server is up and past its handshake now. Never blocks. */
  boolean isConnected();

  /** The server as it introduced itself in the last handshake. Never blocks. */
  Optional<RunnerPeer> peer();

  /** The {@code host:port} this client dials. */
  String target();

  /**
   * Fails the calls in flight (UNAVAILABLE, not retryable: this client is closed) and closes the
   * connection. Blocks at most about five seconds. Idempotent.
   */
  @Override
  void close();
}
