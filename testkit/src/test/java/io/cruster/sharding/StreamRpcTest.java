package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.TestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StreamRpcTest {
  record Feed(String prefix) {}

  record Chunks(int count) implements StreamRpc<Integer> {}

  /** Emits until the consumer goes away. */
  record Endless() implements StreamRpc<Integer> {}

  /** Emits {@code before} chunks, then fails. */
  record Broken(int before) implements StreamRpc<Integer> {}

  /** Emits the state's prefix with numbers. */
  record Labelled(int count) implements StreamRpc<String> {}

  @Public
  record SetPrefix(String prefix) implements Activity<String> {}

  private final AtomicInteger emitted = new AtomicInteger();
  private final AtomicReference<Throwable> producerSaw = new AtomicReference<>();

  private final EntityType<Feed> type =
      EntityType.define("Feed", Feed.class).init(ctx -> new Feed("item")).stream(
              Chunks.class,
              (ctx, m, out) -> {
                for (int i = 0; i < m.count(); i++) {
                  out.emit(i);
                }
              })
          .stream(
              Endless.class,
              (ctx, m, out) -> {
                try {
                  for (int i = 0; ; i++) {
                    out.emit(i);
                    emitted.incrementAndGet();
                  }
                } catch (RuntimeException e) {
                  producerSaw.set(e);
                  throw e;
                }
              })
          .stream(
              Broken.class,
              (ctx, m, out) -> {
                for (int i = 0; i < m.before(); i++) {
                  out.emit(i);
                }
                throw new IllegalStateException("feed broke after " + m.before());
              })
          .stream(
              Labelled.class,
              (ctx, m, out) -> {
                for (int i = 0; i < m.count(); i++) {
                  out.emit(ctx.state().prefix() + "-" + i);
                }
              })
          .activity(
              SetPrefix.class,
              (ctx, m) -> {
                ctx.setState(new Feed(m.prefix()));
                return m.prefix();
              })
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient feeds = cluster.register(type);

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void thousandChunksArriveInOrder() {
    try (Stream<Integer> chunks = feeds.stream("f-1", new Chunks(1_000))) {
      assertEquals(IntStream.range(0, 1_000).boxed().toList(), chunks.toList());
    }
  }

  @Test
  void emptyStreamEnds() {
    try (Stream<Integer> chunks = feeds.stream("f-1", new Chunks(0))) {
      assertEquals(List.of(), chunks.toList());
    }
  }

  @Test
  void streamReadsTheCommittedState() {
    feeds.call("f-1", new SetPrefix("order"));
    try (Stream<String> chunks = feeds.stream("f-1", new Labelled(3))) {
      assertEquals(List.of("order-0", "order-1", "order-2"), chunks.toList());
    }
  }

  @Test
  void closingTheStreamEarlyStopsTheProducer() {
    try (Stream<Integer> chunks = feeds.stream("f-1", new Endless())) {
      assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), chunks.limit(10).toList());
    }
    Waiting.until(() -> producerSaw.get() != null);
    int stoppedAt = emitted.get();
    Waiting.stays(() -> emitted.get() == stoppedAt);
    // The producer was held back by the window: it never ran far ahead of the consumer.
    assertTrue(stoppedAt < 1_000, "emitted " + stoppedAt);
  }

  @Test
  void failingStreamHandlerReachesTheConsumerAsEntityException() {
    List<Integer> received = new ArrayList<>();
    try (Stream<Integer> chunks = feeds.stream("f-1", new Broken(5))) {
      EntityException e = assertThrows(EntityException.class, () -> chunks.forEach(received::add));
      assertEquals(IllegalStateException.class.getName(), e.remoteType());
      assertEquals("feed broke after 5", e.remoteMessage());
    }
    assertEquals(List.of(0, 1, 2, 3, 4), received);
  }

  @Test
  void entityKeepsServingAfterAFailedStream() {
    try (Stream<Integer> chunks = feeds.stream("f-1", new Broken(0))) {
      assertThrows(EntityException.class, chunks::toList);
    }
    try (Stream<Integer> chunks = feeds.stream("f-1", new Chunks(3))) {
      assertEquals(List.of(0, 1, 2), chunks.toList());
    }
  }

  @Test
  void streamRpcCannotBeCalledWithCall() {
    assertThrows(IllegalArgumentException.class, () -> feeds.call("f-1", new Chunks(3)));
  }
}
