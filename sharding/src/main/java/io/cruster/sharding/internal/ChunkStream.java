package io.cruster.sharding.internal;

import io.cruster.sharding.CallTimeoutException;
import io.cruster.sharding.ChunkSink;
import io.cruster.sharding.StreamHandler;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A stream rpc's chunks, passed from the handler's virtual thread to the caller through a small
 * bounded queue: the handler blocks in {@code emit} while the caller lags (backpressure), the
 * caller blocks in {@code next} while the handler works. Closing the stream early tells the handler
 * to stop at its next emit.
 */
final class ChunkStream {
  private static final int WINDOW = 16;
  private static final Object END = new Object();

  private ChunkStream() {}

  /** The end of a stream that failed. */
  private record Failed(RuntimeException error) {}

  @SuppressWarnings("unchecked")
  static Stream<Object> start(
      EntityInstance instance, HandlerDef def, Object message, Duration timeout) {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(WINDOW);
    boolean[] cancelled = new boolean[1];
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  Object last = END;
                  try {
                    instance.loaded.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                    if (instance.lost()) {
                      throw new ShardMovedException(instance.shard); // retryable: the owner runs it
                    }
                    ChunkSink<Object> sink =
                        chunk ->
                            offer(
                                queue,
                                java.util.Objects.requireNonNull(chunk, "chunk"),
                                timeout,
                                cancelled);
                    ((StreamHandler<Object, Object, Object>) def.handler())
                        .handle(
                            new RpcContextImpl(instance, def.trait(), instance.committed),
                            message,
                            sink);
                  } catch (Throwable t) {
                    last =
                        new Failed(
                            Failures.asCallFailure(
                                instance.address + " " + def.tag(), Failures.unwrap(t)));
                  } finally {
                    instance.workEnded();
                  }
                  try {
                    if (!cancelled[0]) {
                      offer(queue, last, timeout, cancelled);
                    }
                  } catch (RuntimeException ignored) {
                    // the caller went away; nothing to tell
                  }
                });
    Iterator<Object> it =
        new Iterator<>() {
          private Object next;

          @Override
          public boolean hasNext() {
            if (next == null) {
              next = take(queue, timeout, instance.address + " " + def.tag());
            }
            if (next instanceof Failed f) {
              throw f.error();
            }
            return next != END;
          }

          @Override
          public Object next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Object n = next;
            next = null;
            return n;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(
            () -> {
              cancelled[0] = true;
              producer.interrupt();
            });
  }

  private static void offer(
      BlockingQueue<Object> queue, Object chunk, Duration timeout, boolean[] cancelled) {
    try {
      if (cancelled[0] || !queue.offer(chunk, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new CallTimeoutException(
            "the caller of the stream took no chunk for " + timeout + " or closed the stream");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallTimeoutException("the caller closed the stream");
    }
  }

  private static Object take(BlockingQueue<Object> queue, Duration timeout, String what) {
    try {
      Object o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (o == null) {
        throw new CallTimeoutException("no chunk from " + what + " within " + timeout);
      }
      return o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallTimeoutException("interrupted while waiting for a chunk from " + what);
    }
  }
}
