package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.cruster.testkit.ActorTestKit;
import io.cruster.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SupervisionTest {
  private final ActorTestKit kit = ActorTestKit.createWithManualClock();

  @AfterEach
  void shutdown() {
    kit.close();
  }

  sealed interface Cmd {}

  record Add(int n) implements Cmd {}

  record Fail(String why) implements Cmd {}

  record Get(ActorRef<Integer> replyTo) implements Cmd {}

  /** A counter kept in the behavior; {@code starts} counts how often setup ran. */
  static Behavior<Cmd> counter(AtomicInteger starts, TestProbe<String> events) {
    return Behaviors.setup(
        ctx -> {
          starts.incrementAndGet();
          return counting(0, events);
        });
  }

  static Behavior<Cmd> counting(int total, TestProbe<String> events) {
    return Behaviors.receive(Cmd.class)
        .onMessage(Add.class, (ctx, a) -> counting(total + a.n(), events))
        .onMessage(
            Fail.class,
            (ctx, f) -> {
              throw new IllegalStateException(f.why());
            })
        .onMessage(
            Get.class,
            (ctx, g) -> {
              g.replyTo().tell(total);
              return Behaviors.same();
            })
        .onSignal(
            PreRestart.class,
            (ctx, s) -> {
              events.ref().tell("pre-restart at " + total);
              return Behaviors.same();
            })
        .onSignal(
            PostStop.class,
            (ctx, s) -> {
              events.ref().tell("post-stop at " + total);
              return Behaviors.same();
            })
        .build();
  }

  @Test
  void failureStopsAnUnsupervisedActor() {
    TestProbe<String> events = kit.createTestProbe();
    ActorRef<Cmd> a = kit.spawn(counter(new AtomicInteger(), events));
    a.tell(new Add(2));
    a.tell(new Fail("boom"));
    events.expectMessage("post-stop at 2");
    kit.createTestProbe().expectTerminated(a);
  }

  @Test
  void resumeKeepsStateAfterAFailure() {
    TestProbe<String> events = kit.createTestProbe();
    TestProbe<Integer> replies = kit.createTestProbe();
    ActorRef<Cmd> a =
        kit.spawn(
            Behaviors.supervise(counter(new AtomicInteger(), events))
                .onFailure(SupervisorStrategy.resume()));
    a.tell(new Add(2));
    a.tell(new Fail("boom"));
    a.tell(new Add(3));
    a.tell(new Get(replies.ref()));
    replies.expectMessage(5);
    events.expectNoMessage();
  }

  @Test
  void restartRunsSetupAgainWithFreshState() {
    AtomicInteger starts = new AtomicInteger();
    TestProbe<String> events = kit.createTestProbe();
    TestProbe<Integer> replies = kit.createTestProbe();
    ActorRef<Cmd> a =
        kit.spawn(
            Behaviors.supervise(counter(starts, events)).onFailure(SupervisorStrategy.restart()));
    a.tell(new Add(2));
    a.tell(new Fail("boom"));
    events.expectMessage("pre-restart at 2");
    a.tell(new Add(1));
    a.tell(new Get(replies.ref()));
    replies.expectMessage(1);
    assertEquals(2, starts.get());
  }

  @Test
  void restartLimitStopsTheActorOnceExceeded() {
    TestProbe<String> events = kit.createTestProbe();
    ActorRef<Cmd> a =
        kit.spawn(
            Behaviors.supervise(counter(new AtomicInteger(), events))
                .onFailure(SupervisorStrategy.restart().withLimit(2, Duration.ofMinutes(1))));
    a.tell(new Fail("1"));
    a.tell(new Fail("2"));
    a.tell(new Fail("3"));
    events.expectMessage("pre-restart at 0");
    events.expectMessage("pre-restart at 0");
    events.expectMessage("post-stop at 0");
    kit.createTestProbe().expectTerminated(a);
  }

  @Test
  void supervisorOnlyHandlesItsExceptionType() {
    TestProbe<String> events = kit.createTestProbe();
    ActorRef<Cmd> a =
        kit.spawn(
            Behaviors.supervise(counter(new AtomicInteger(), events))
                .onFailure(IllegalArgumentException.class, SupervisorStrategy.restart()));
    a.tell(new Fail("an IllegalStateException is not covered"));
    events.expectMessage("post-stop at 0");
  }

  @Test
  void backoffRestartsAfterTheDelayAndKeepsMessagesMeanwhile() {
    AtomicInteger starts = new AtomicInteger();
    TestProbe<String> events = kit.createTestProbe();
    TestProbe<Integer> replies = kit.createTestProbe();
    ActorRef<Cmd> a =
        kit.spawn(
            Behaviors.supervise(counter(starts, events))
                .onFailure(
                    SupervisorStrategy.restartWithBackoff(
                        Duration.ofSeconds(1), Duration.ofSeconds(10), 0)));
    a.tell(new Add(5));
    a.tell(new Fail("boom"));
    events.expectMessage("pre-restart at 5");
    a.tell(new Add(7));
    a.tell(new Get(replies.ref()));
    replies.expectNoMessage();
    assertEquals(1, starts.get());
    kit.manualClock().advance(Duration.ofMillis(999));
    replies.expectNoMessage();
    kit.manualClock().advance(Duration.ofMillis(1));
    replies.expectMessage(7);
    assertEquals(2, starts.get());
  }

  @Test
  void backoffDoublesAndStopsAfterMaxRestarts() {
    TestProbe<String> events = kit.createTestProbe();
    TestProbe<Integer> replies = kit.createTestProbe();
    ActorRef<Cmd> a =
        kit.spawn(
            Behaviors.supervise(counter(new AtomicInteger(), events))
                .onFailure(
                    SupervisorStrategy.restartWithBackoff(
                            Duration.ofSeconds(1), Duration.ofSeconds(10), 0)
                        .withMaxRestarts(2)));
    a.tell(new Fail("1"));
    events.expectMessage("pre-restart at 0");
    kit.manualClock().advance(Duration.ofSeconds(1));
    a.tell(new Get(replies.ref()));
    replies.expectMessage(0);
    a.tell(new Fail("2"));
    events.expectMessage("pre-restart at 0");
    kit.manualClock().advance(Duration.ofMillis(1999));
    a.tell(new Get(replies.ref()));
    replies.expectNoMessage();
    kit.manualClock().advance(Duration.ofMillis(1));
    replies.expectMessage(0);
    a.tell(new Fail("3"));
    events.expectMessage("post-stop at 0");
    kit.createTestProbe().expectTerminated(a);
  }

  @Test
  void parentSeesChildFailedWithTheCause() {
    TestProbe<Throwable> causes = kit.createTestProbe();
    Behavior<Cmd> failing =
        Behaviors.receive(Cmd.class)
            .onMessage(
                Fail.class,
                (ctx, f) -> {
                  throw new IllegalStateException(f.why());
                })
            .build();
    kit.spawn(
        Behaviors.<Cmd>setup(
            ctx -> {
              ActorRef<Cmd> child = ctx.spawn(failing, "child");
              ctx.watch(child);
              child.tell(new Fail("child broke"));
              return Behaviors.receive(Cmd.class)
                  .onSignal(
                      ChildFailed.class,
                      (c, s) -> {
                        causes.ref().tell(s.cause());
                        return Behaviors.same();
                      })
                  .build();
            }));
    Throwable cause = causes.receiveMessage();
    assertInstanceOf(IllegalStateException.class, cause);
    assertEquals("child broke", cause.getMessage());
  }
}
