package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.TestCluster;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad calls fail with their specific exception, run nothing, and the entity keeps serving. */
@Timeout(60)
class BadInputTest {
  record Box(String content) {}

  @Public
  record Fill(String content) implements Activity<String> {}

  /** Private by default. */
  record Empty() implements Activity<String> {}

  record Peek() implements Rpc<String> {}

  /** No handler for it in the type. */
  record Stranger() implements Rpc<String> {}

  record StrangerActivity() implements Activity<String> {}

  private final AtomicInteger emptied = new AtomicInteger();

  private final EntityType<Box> type =
      EntityType.define("Box", Box.class)
          .init(ctx -> new Box(""))
          .activity(
              Fill.class,
              (ctx, m) -> {
                ctx.setState(new Box(m.content()));
                return m.content();
              })
          .activity(
              Empty.class,
              (ctx, m) -> {
                emptied.incrementAndGet();
                ctx.setState(new Box(""));
                return "";
              })
          .rpc(Peek.class, (ctx, m) -> ctx.state().content())
          .build();

  private static final EntityType<Box> UNREGISTERED =
      EntityType.define("Unregistered", Box.class)
          .init(ctx -> new Box(""))
          .rpc(Peek.class, (ctx, m) -> "never")
          .build();

  private final TestCluster cluster =
      TestCluster.create(ShardingConfig.builder().maxMessageBytes(64 * 1024).build());
  private final EntityClient boxes = cluster.register(type);

  @AfterEach
  void close() {
    cluster.close();
  }

  private void stillServes() {
    assertEquals("apples", boxes.call("b-1", new Fill("apples")));
    assertEquals("apples", boxes.call("b-1", new Peek()));
  }

  @Test
  void unknownEntityTypeIsRefused() {
    UnknownEntityTypeException e =
        assertThrows(UnknownEntityTypeException.class, () -> cluster.client(UNREGISTERED));
    assertTrue(e.getMessage().contains("Unregistered"), e.getMessage());
    stillServes();
  }

  @Test
  void messageWithoutHandlerIsRefused() {
    UnknownMessageException e =
        assertThrows(UnknownMessageException.class, () -> boxes.call("b-1", new Stranger()));
    assertTrue(
        e.getMessage().contains("Box") && e.getMessage().contains("Stranger"), e.getMessage());
    assertThrows(UnknownMessageException.class, () -> boxes.call("b-1", new StrangerActivity()));
    assertThrows(UnknownMessageException.class, () -> boxes.notify("b-1", new StrangerActivity()));
    stillServes();
  }

  @Test
  void privateActivityIsRefusedToClientsAndNeverRuns() {
    boxes.call("b-1", new Fill("pears"));
    assertThrows(NotCallableException.class, () -> boxes.call("b-1", new Empty()));
    assertThrows(NotCallableException.class, () -> boxes.callAsync("b-1", new Empty()).join());
    assertThrows(NotCallableException.class, () -> boxes.notify("b-1", new Empty()));
    assertEquals(0, emptied.get());
    assertEquals("pears", boxes.call("b-1", new Peek()));
    stillServes();
  }

  @Test
  void blankEntityIdIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> boxes.call("", new Fill("x")));
    assertThrows(IllegalArgumentException.class, () -> boxes.call("   ", new Peek()));
    assertThrows(IllegalArgumentException.class, () -> boxes.notify(" ", new Fill("x")));
    stillServes();
  }

  @Test
  void oversizeMessageIsRefusedBeforeItIsSaved() {
    String big = "x".repeat(128 * 1024);
    MessageTooLargeException e =
        assertThrows(MessageTooLargeException.class, () -> boxes.call("b-1", new Fill(big)));
    assertTrue(e.getMessage().contains("Fill"), e.getMessage());
    assertEquals("", boxes.call("b-1", new Peek()));
    stillServes();
  }

  @Test
  void deferredWithBlankNameIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Deferred.of(" ", String.class));
    stillServes();
  }

  @Test
  void blankIdempotencyKeyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> CallOptions.idempotencyKey(""));
    stillServes();
  }
}
