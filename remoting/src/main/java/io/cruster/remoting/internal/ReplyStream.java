package io.cruster.remoting.internal;

/**
 * The caller's side of a streamed call ({@link RunnerClient#stream}): chunks in order, then one
 * exit. Taking a chunk acknowledges it, which lets the server send more (the server has at most
 * {@link TransportSettings#streamWindow()} chunks outstanding). One consumer thread at a time;
 * implemented by the transport, not meant to be implemented by users.
 */
public interface ReplyStream extends AutoCloseable {

  /**
   * The next chunk, or the {@link RemoteReply.Exit} that ends a successful call. Blocks until one
   * arrives, at most until the call's deadline. Chunks that arrived before a failure are returned
   * first, in order; then the failure is thrown.
   *
   * @throws RemoteException if the call failed (TIMEOUT when the deadline passed, UNAVAILABLE when
   *     the connection dropped, or the failure the server sent)
   * @throws IllegalStateException if the exit was already returned
   */
  RemoteReply next();

  /**
   * Abandons the call if it is still running: the server is sent an interrupt. Never blocks;
   * idempotent.
   */
  @Override
  void close();
}
