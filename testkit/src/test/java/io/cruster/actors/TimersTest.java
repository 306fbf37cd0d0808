package io.cruster.actors;

import io.cruster.testkit.ActorTestKit;
import io.cruster.testkit.TestProbe;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TimersTest {
  private final ActorTestKit kit = ActorTestKit.createWithManualClock();

  @AfterEach
  void shutdown() {
    kit.close();
  }

  sealed interface Cmd {}

  record Tick(String label) implements Cmd {}

  record Start(Object key, String label, Duration delay, boolean repeat) implements Cmd {}

  record Cancel(Object key) implements Cmd {}

  static Behavior<Cmd> timed(TestProbe<String> out) {
    return Behaviors.withTimers(
        timers ->
            Behaviors.receive(Cmd.class)
                .onMessage(
                    Tick.class,
                    (ctx, t) -> {
                      out.ref().tell(t.label());
                      return Behaviors.same();
                    })
                .onMessage(
                    Start.class,
                    (ctx, s) -> {
                      if (s.repeat()) {
                        timers.startTimerWithFixedDelay(s.key(), new Tick(s.label()), s.delay());
                      } else {
                        timers.startSingleTimer(s.key(), new Tick(s.label()), s.delay());
                      }
                      out.ref().tell("started " + s.label());
                      return Behaviors.same();
                    })
                .onMessage(
                    Cancel.class,
                    (ctx, c) -> {
                      timers.cancel(c.key());
                      out.ref().tell("cancelled");
                      return Behaviors.same();
                    })
                .build());
  }

  @Test
  void singleTimerFiresOnceWhenTheClockReachesIt() {
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<Cmd> a = kit.spawn(timed(out));
    a.tell(new Start("k", "hello", Duration.ofMinutes(5), false));
    out.expectMessage("started hello");
    kit.manualClock().advance(Duration.ofMinutes(4));
    out.expectNoMessage();
    kit.manualClock().advance(Duration.ofMinutes(1));
    out.expectMessage("hello");
    kit.manualClock().advance(Duration.ofHours(1));
    out.expectNoMessage();
  }

  @Test
  void repeatingTimerFiresEveryPeriod() {
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<Cmd> a = kit.spawn(timed(out));
    a.tell(new Start("k", "tick", Duration.ofSeconds(10), true));
    out.expectMessage("started tick");
    for (int i = 0; i < 3; i++) {
      kit.manualClock().advance(Duration.ofSeconds(10));
      out.expectMessage("tick");
      // The next tick is armed when this one is taken; wait until it is before moving time again.
      out.awaitAssert(
          () -> org.junit.jupiter.api.Assertions.assertEquals(1, kit.manualClock().pendingTasks()));
    }
  }

  @Test
  void cancelledTimerNeverDelivers() {
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<Cmd> a = kit.spawn(timed(out));
    a.tell(new Start("k", "never", Duration.ofSeconds(1), false));
    out.expectMessage("started never");
    a.tell(new Cancel("k"));
    out.expectMessage("cancelled");
    kit.manualClock().advance(Duration.ofSeconds(5));
    out.expectNoMessage();
  }

  @Test
  void restartingATimerKeyReplacesTheOldTimer() {
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<Cmd> a = kit.spawn(timed(out));
    a.tell(new Start("k", "old", Duration.ofSeconds(1), false));
    a.tell(new Start("k", "new", Duration.ofSeconds(3), false));
    out.expectMessage("started old");
    out.expectMessage("started new");
    kit.manualClock().advance(Duration.ofSeconds(2));
    out.expectNoMessage();
    kit.manualClock().advance(Duration.ofSeconds(1));
    out.expectMessage("new");
  }

  @Test
  void timersStopWithTheActor() {
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<Cmd> a = kit.spawn(timed(out));
    a.tell(new Start("k", "x", Duration.ofSeconds(1), true));
    out.expectMessage("started x");
    kit.stop(a);
    out.awaitAssert(
        () -> org.junit.jupiter.api.Assertions.assertEquals(0, kit.manualClock().pendingTasks()));
  }

  @Test
  void scheduleOnceSendsAfterTheDelay() {
    TestProbe<String> out = kit.createTestProbe();
    kit.spawn(
        Behaviors.<String>setup(
            ctx -> {
              ctx.scheduleOnce(Duration.ofSeconds(30), out.ref(), "later");
              return Behaviors.ignore();
            }));
    out.awaitAssert(
        () -> org.junit.jupiter.api.Assertions.assertEquals(1, kit.manualClock().pendingTasks()));
    kit.manualClock().advance(Duration.ofSeconds(29));
    out.expectNoMessage();
    kit.manualClock().advance(Duration.ofSeconds(1));
    out.expectMessage("later");
  }
}
