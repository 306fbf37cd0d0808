package io.cruster.remoting.internal;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.internal.proto.ReplyChunk;
import java.util.concurrent.CompletableFuture;

/**
 * A plain call: its outcome completes {@link #future}; cancelling the future interrupts the call.
 * Thread-safe (see {@link PendingCall}).
 */
final class UnaryCall extends PendingCall {
  final CompletableFuture<byte[]> future = new CallFuture();

  UnaryCall(ClientSession session, long id, RemoteCall call, long timeoutNanos) {
    super(session, id, call, timeoutNanos);
  }

  @Override
  void onChunk(ReplyChunk chunk) {
    abandon(
        RemoteFailure.of(
            Kind.BAD_REQUEST, "the server sent a chunk for a call that is not streamed"));
  }

  @Override
  void onSuccess(byte[] payload) {
    future.complete(payload);
  }

  @Override
  void onFailure(RemoteFailure failure) {
    future.completeExceptionally(error(failure));
  }

  /** A future whose cancellation reaches the server as an Interrupt. */
  private final class CallFuture extends CompletableFuture<byte[]> {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        abandon(new RemoteFailure(Kind.UNAVAILABLE, "", "cancelled by the caller", false));
      }
      return cancelled;
    }
  }
}
