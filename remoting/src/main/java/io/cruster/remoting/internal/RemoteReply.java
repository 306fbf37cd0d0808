package io.cruster.remoting.internal;

/**
 * One item of a streamed reply, as {@link ReplyStream#next()} returns it: chunks in order, then one
 * exit. A failed call throws {@link RemoteException} instead. Immutable; payload arrays are fresh
 * copies owned by the receiver.
 */
public sealed interface RemoteReply {

  /**
   * One chunk of the reply.
   *
   * @param sequence its position, from 0
   * @param payload its bytes
   */
  record Chunk(long sequence, byte[] payload) implements RemoteReply {}

  /**
   * The end of a successful call, with its final payload (may be empty).
   *
   * @param payload the bytes of the final result
   */
  record Exit(byte[] payload) implements RemoteReply {}
}
