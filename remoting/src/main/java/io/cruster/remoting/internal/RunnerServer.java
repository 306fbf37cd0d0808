package io.cruster.remoting.internal;

import io.cruster.actors.CrusterException;

/**
 * Serves calls from other runners over gRPC: each connecting client opens one bidirectional stream
 * that carries all its calls. Thread-safe. Implemented by the transport; not meant to be
 * implemented by users.
 */
public interface RunnerServer extends AutoCloseable {

  /**
   * Binds {@link TransportSettings#bindAddress()} and starts serving; blocks until the port is
   * bound.
   *
   * @param handler takes each call on the I/O thread; see {@link RequestHandler}
   * @throws CrusterException if the address cannot be bound or the TLS files cannot be read
   */
  static RunnerServer start(TransportSettings settings, RequestHandler handler) {
    return ServerImpl.start(settings, handler);
  }

  /** The port it listens on (the one picked, when the settings asked for port 0). */
  int port();

  /** The {@code host:port} it advertises in its handshake. */
  String runnerAddress();

  /** The id of this start, sent in its handshake. */
  String incarnation();

  /** The connections open now (one per connected client). */
  int connectionCount();

  /**
   * Stops serving: refuses new connections, cancels the calls in flight (their callers fail with
   * UNAVAILABLE, retryable) and closes every connection. Blocks until the port is released, at most
   * about five seconds. Idempotent.
   */
  @Override
  void close();
}
