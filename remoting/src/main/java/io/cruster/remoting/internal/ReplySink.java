package io.cruster.remoting.internal;

/**
 * Where the server side of one call writes its reply: zero or more chunks (only for a {@linkplain
 * #isStream() streamed} call), then exactly one exit ({@link #success} or {@link #failure}).
 * Thread-safe: callable from any thread, though chunks of one call should come from one thread to
 * keep their order meaningful. Implemented by the transport; not meant to be implemented by users.
 *
 * <p>Once the call is over (an exit was sent, the caller interrupted it, its deadline passed or the
 * connection dropped) further exits are ignored and {@link #chunk} throws.
 */
public interface ReplySink {

  /**
   * Sends the next chunk of a streamed reply. Blocks while the caller holds {@link
   * TransportSettings#streamWindow()} unacknowledged chunks or the send buffer is full, at most
   * until the call's deadline or {@link TransportSettings#sendTimeout()} (never on the transport's
   * I/O thread, where a full window fails at once).
   *
   * @throws RemoteException TOO_LARGE if the chunk exceeds the size limit (the call stays open);
   *     TIMEOUT or UNAVAILABLE if the call is over or the caller stopped taking chunks
   * @throws IllegalStateException if the call is not a streamed call
   */
  void chunk(byte[] payload);

  /**
   * Ends the call successfully with a final payload (may be empty). May block, bounded, while the
   * send buffer is full (never on the transport's I/O thread). A payload over the size limit fails
   * the call with TOO_LARGE instead.
   */
  void success(byte[] payload);

  /** Ends the call with a failure. May block as {@link #success} does. */
  void failure(RemoteFailure failure);

  /**
   * Whether the caller asked for a stream of chunks ({@link RunnerClient#stream}). Never blocks.
   */
  boolean isStream();

  /**
   * Whether the call is over: exited, interrupted by the caller, past its deadline, or
   * disconnected.
   */
  boolean isDone();

  /**
   * Whether the call ended without an exit from this side: interrupted, timed out or disconnected.
   */
  boolean isCancelled();

  /**
   * Runs {@code action} once when the call is cancelled (at once if it already is). It runs on a
   * transport thread: keep it short and non-blocking, such as interrupting the handling thread.
   */
  void onCancel(Runnable action);
}
