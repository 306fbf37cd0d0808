package io.cruster.remoting.internal;

/**
 * What a {@link RunnerServer} does with each incoming call.
 *
 * <p>{@link #handle} runs on the transport's I/O thread, the one that reads the connection: it must
 * not block. Hand the call on (to an actor's mailbox, a virtual thread) and reply later through the
 * sink, from any thread. For a handler that blocks (JDBC, sleeps, waits), wrap it with {@link
 * #onVirtualThreads(RequestHandler)}. An exception thrown by {@code handle} fails the call with
 * {@link RemoteFailure#from(Throwable)} (INTERNAL unless it is a {@link RemoteException}). Calls of
 * one connection may be handled concurrently; implementations must be thread-safe.
 */
@FunctionalInterface
public interface RequestHandler {

  /**
   * Takes one call. Must not block; see the class comment.
   *
   * @param call the request, checked: its addresses and tag are well formed
   * @param sink where the reply goes: chunks (for a streamed call), then exactly one exit
   */
  void handle(RemoteCall call, ReplySink sink);

  /**
   * A handler that runs {@code blocking} on a new virtual thread per call, so it may block. If it
   * returns without an exit, the call fails with INTERNAL; if it throws, with {@link
   * RemoteFailure#from(Throwable)}.
   */
  static RequestHandler onVirtualThreads(Blocking blocking) {
    return (call, sink) ->
        Thread.ofVirtual()
            .name("cruster-call")
            .start(
                () -> {
                  try {
                    blocking.handle(call, sink);
                    if (!sink.isDone()) {
                      sink.failure(
                          RemoteFailure.of(
                              RemoteFailure.Kind.INTERNAL,
                              "the handler returned without replying to "
                                  + call.address()
                                  + " "
                                  + call.tag()));
                    }
                  } catch (Throwable error) {
                    sink.failure(RemoteFailure.from(error));
                  }
                });
  }

  /** A handler that may block and throw; run it with {@link #onVirtualThreads(Blocking)}. */
  @FunctionalInterface
  interface Blocking {
    /** Handles one call on its own virtual thread; may block. */
    void handle(RemoteCall call, ReplySink sink) throws Exception;
  }
}
