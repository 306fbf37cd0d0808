package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.ActorTestKit;
import io.cruster.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BehaviorsTest {
  private final ActorTestKit kit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    kit.close();
  }

  sealed interface Greeter permits Greet {}

  record Greet(String whom, ActorRef<Greeted> replyTo) implements Greeter {}

  record Greeted(String whom) {}

  @Test
  void designExampleGreets() {
    Behavior<Greeter> greeter =
        Behaviors.receive(Greeter.class)
            .onMessage(
                Greet.class,
                (ctx, m) -> {
                  m.replyTo().tell(new Greeted(m.whom()));
                  return Behaviors.same();
                })
            .build();
    try (ActorSystem<Greeter> system = ActorSystem.create(greeter, "hello")) {
      Greeted r = system.ask(replyTo -> new Greet("Ada", replyTo), Duration.ofSeconds(1));
      assertEquals(new Greeted("Ada"), r);
    }
  }

  @Test
  void casesAreTriedInOrder() {
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<Object> a =
        kit.spawn(
            Behaviors.receive(Object.class)
                .onMessage(
                    String.class,
                    s -> s.startsWith("!"),
                    (ctx, s) -> {
                      out.ref().tell("loud " + s);
                      return Behaviors.same();
                    })
                .onMessage(
                    String.class,
                    (ctx, s) -> {
                      out.ref().tell("plain " + s);
                      return Behaviors.same();
                    })
                .onMessageEquals(
                    42,
                    ctx -> {
                      out.ref().tell("the answer");
                      return Behaviors.same();
                    })
                .onAnyMessage(
                    (ctx, m) -> {
                      out.ref().tell("other " + m);
                      return Behaviors.same();
                    })
                .build());
    a.tell("!hey");
    a.tell("hey");
    a.tell(42);
    a.tell(7);
    assertEquals(
        java.util.List.of("loud !hey", "plain hey", "the answer", "other 7"),
        out.receiveMessages(4));
  }

  @Test
  void returnedBehaviorHandlesTheNextMessage() {
    TestProbe<Integer> out = kit.createTestProbe();
    ActorRef<String> a = kit.spawn(counter(0, out));
    a.tell("+");
    a.tell("+");
    a.tell("?");
    out.expectMessage(2);
  }

  static Behavior<String> counter(int n, TestProbe<Integer> out) {
    return Behaviors.receiveMessage(
        m -> {
          if (m.equals("?")) {
            out.ref().tell(n);
            return Behaviors.same();
          }
          return counter(n + 1, out);
        });
  }

  @Test
  void unhandledAndEmptyProduceDeadLetters() {
    TestProbe<DeadLetter> dead = kit.createDeadLetterProbe();
    ActorRef<String> picky = kit.spawn(Behaviors.receiveMessage(m -> Behaviors.unhandled()));
    ActorRef<String> empty = kit.spawn(Behaviors.empty());
    picky.tell("no thanks");
    assertEquals(
        new DeadLetter("no thanks", picky.path(), DeadLetter.Reason.UNHANDLED),
        dead.receiveMessage());
    empty.tell("nobody home");
    assertEquals(DeadLetter.Reason.UNHANDLED, dead.receiveMessage().reason());
  }

  @Test
  void ignoreDropsSilently() {
    TestProbe<DeadLetter> dead = kit.createDeadLetterProbe();
    ActorRef<String> a = kit.spawn(Behaviors.ignore());
    a.tell("dropped");
    dead.expectNoMessage();
  }

  @Test
  void setupRunsOnceAtStartWithTheContext() {
    TestProbe<String> out = kit.createTestProbe();
    kit.spawn(
        Behaviors.setup(
            ctx -> {
              out.ref().tell("setup at " + ctx.self().path().name());
              return Behaviors.ignore();
            }),
        "early-bird");
    out.expectMessage("setup at early-bird");
    out.expectNoMessage();
  }

  @Test
  void setupMayStopAtOnce() {
    ActorRef<String> a = kit.spawn(Behaviors.setup(ctx -> Behaviors.stopped()));
    kit.createTestProbe().expectTerminated(a);
  }

  @Test
  void setupReturningSameFailsTheActor() {
    ActorRef<String> a = kit.spawn(Behaviors.setup(ctx -> Behaviors.same()));
    kit.createTestProbe().expectTerminated(a);
  }

  @Test
  void invalidNamesAreRefused() {
    assertThrows(InvalidActorNameException.class, () -> kit.spawn(Behaviors.ignore(), ""));
    assertThrows(InvalidActorNameException.class, () -> kit.spawn(Behaviors.ignore(), "a/b"));
    assertThrows(InvalidActorNameException.class, () -> kit.spawn(Behaviors.ignore(), "$reserved"));
    kit.spawn(Behaviors.ignore(), "taken");
    InvalidActorNameException e =
        assertThrows(InvalidActorNameException.class, () -> kit.spawn(Behaviors.ignore(), "taken"));
    assertTrue(e.getMessage().contains("not unique"), e.getMessage());
  }

  @Test
  void invalidSystemNameIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> ActorSystem.create(Behaviors.ignore(), "no spaces"));
  }

  @Test
  void systemTerminatesWhenTheGuardianStops() throws Exception {
    ActorSystem<String> system =
        ActorSystem.create(Behaviors.receiveMessage(m -> Behaviors.stopped()), "short");
    system.tell("stop");
    system.whenTerminated().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertTrue(system.whenTerminated().toCompletableFuture().isDone());
  }
}
