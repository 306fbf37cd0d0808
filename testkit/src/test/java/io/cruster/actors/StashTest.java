package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.ActorTestKit;
import io.cruster.testkit.TestProbe;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StashTest {
  private final ActorTestKit kit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    kit.close();
  }

  sealed interface Cmd {}

  record Work(String item) implements Cmd {}

  enum Ready implements Cmd {
    INSTANCE
  }

  /** Stashes work until Ready arrives, then handles it in arrival order. */
  static Behavior<Cmd> initializing(TestProbe<String> out, int capacity, TestProbe<String> errors) {
    return Behaviors.withStash(
        capacity,
        stash ->
            Behaviors.receive(Cmd.class)
                .onMessage(
                    Work.class,
                    (ctx, w) -> {
                      try {
                        stash.stash(w);
                      } catch (StashOverflowException e) {
                        errors.ref().tell(e.getMessage());
                      }
                      return Behaviors.same();
                    })
                .onMessageEquals(Ready.INSTANCE, ctx -> stash.unstashAll(ready(out)))
                .build());
  }

  static Behavior<Cmd> ready(TestProbe<String> out) {
    return Behaviors.receive(Cmd.class)
        .onMessage(
            Work.class,
            (ctx, w) -> {
              out.ref().tell(w.item());
              return Behaviors.same();
            })
        .build();
  }

  @Test
  void unstashReplaysInArrivalOrderBeforeNewMessages() {
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<Cmd> a = kit.spawn(initializing(out, 100, kit.createTestProbe()));
    a.tell(new Work("1"));
    a.tell(new Work("2"));
    a.tell(new Work("3"));
    out.expectNoMessage();
    a.tell(Ready.INSTANCE);
    a.tell(new Work("4"));
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of("1", "2", "3", "4"), out.receiveMessages(4));
  }

  @Test
  void fullStashRefusesWithAClearError() {
    TestProbe<String> errors = kit.createTestProbe();
    ActorRef<Cmd> a = kit.spawn(initializing(kit.createTestProbe(), 2, errors));
    a.tell(new Work("1"));
    a.tell(new Work("2"));
    a.tell(new Work("3"));
    String message = errors.receiveMessage();
    assertTrue(message.contains("capacity 2"), message);
  }
}
