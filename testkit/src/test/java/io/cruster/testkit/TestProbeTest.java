package io.cruster.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ActorRef;
import io.cruster.actors.Behaviors;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TestProbeTest {
  private final ActorTestKit kit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    kit.close();
  }

  @Test
  void expectMessageFailsOnAnotherMessage() {
    TestProbe<String> p = kit.createTestProbe();
    p.ref().tell("actual");
    AssertionError e = assertThrows(AssertionError.class, () -> p.expectMessage("expected"));
    assertTrue(e.getMessage().contains("expected expected but received actual"), e.getMessage());
  }

  @Test
  void expectMessageFailsAfterTheTimeout() {
    TestProbe<String> p = kit.createTestProbe();
    AssertionError e =
        assertThrows(AssertionError.class, () -> p.expectMessage(Duration.ofMillis(20), "never"));
    assertTrue(e.getMessage().contains("timeout"), e.getMessage());
  }

  @Test
  void expectNoMessageFailsWhenOneArrives() {
    TestProbe<String> p = kit.createTestProbe();
    p.ref().tell("surprise");
    assertThrows(AssertionError.class, () -> p.expectNoMessage(Duration.ofMillis(50)));
  }

  @Test
  void expectMessageClassChecksTheType() {
    TestProbe<Object> p = kit.createTestProbe();
    p.ref().tell(42);
    assertEquals(42, p.expectMessageClass(Integer.class));
    p.ref().tell("text");
    assertThrows(AssertionError.class, () -> p.expectMessageClass(Integer.class));
  }

  @Test
  void receiveMessagesCollectsInOrderOrReportsWhatCame() {
    TestProbe<Integer> p = kit.createTestProbe();
    for (int i = 0; i < 3; i++) {
      p.ref().tell(i);
    }
    assertEquals(List.of(0, 1, 2), p.receiveMessages(3));
    p.ref().tell(9);
    AssertionError e =
        assertThrows(AssertionError.class, () -> p.receiveMessages(2, Duration.ofMillis(50)));
    assertTrue(e.getMessage().contains("after 1 of 2"), e.getMessage());
  }

  @Test
  void fishForMessageKeepsIgnoresAndCompletes() {
    TestProbe<String> p = kit.createTestProbe();
    for (String s : List.of("keep-a", "noise", "keep-b", "done", "after")) {
      p.ref().tell(s);
    }
    List<String> kept =
        p.fishForMessage(
            Duration.ofSeconds(1),
            m ->
                switch (m) {
                  case "noise" -> FishingOutcome.CONTINUE_AND_IGNORE;
                  case "done" -> FishingOutcome.COMPLETE;
                  default -> FishingOutcome.CONTINUE;
                });
    assertEquals(List.of("keep-a", "keep-b", "done"), kept);
    assertEquals("after", p.receiveMessage());
  }

  @Test
  void fishForMessageFailsOnAForbiddenMessage() {
    TestProbe<String> p = kit.createTestProbe();
    p.ref().tell("bad");
    assertThrows(
        AssertionError.class,
        () -> p.fishForMessage(Duration.ofSeconds(1), m -> FishingOutcome.FAIL));
  }

  @Test
  void expectTerminatedFailsForALiveActor() {
    ActorRef<String> alive = kit.spawn(Behaviors.ignore());
    TestProbe<String> p = kit.createTestProbe();
    assertThrows(AssertionError.class, () -> p.expectTerminated(alive, Duration.ofMillis(50)));
  }

  @Test
  void awaitAssertRetriesUntilTheConditionHolds() {
    AtomicInteger n = new AtomicInteger();
    TestProbe<String> p = kit.createTestProbe();
    p.awaitAssert(() -> assertEquals(5, n.incrementAndGet()));
    assertEquals(5, n.get());
    assertThrows(
        AssertionError.class, () -> p.awaitAssert(Duration.ofMillis(30), () -> assertEquals(1, 2)));
  }

  @Test
  void stoppedKitActorIsTerminated() {
    ActorRef<String> a = kit.spawn(Behaviors.ignore(), "to-stop");
    kit.stop(a);
    kit.createTestProbe().expectTerminated(a);
  }

  @Test
  void spawnWithATakenNameFailsWithTheSpawnError() {
    kit.spawn(Behaviors.ignore(), "twin");
    assertThrows(
        io.cruster.actors.InvalidActorNameException.class,
        () -> kit.spawn(Behaviors.ignore(), "twin"));
  }

  @Test
  void manualClockIsOnlyAvailableOnManualKits() {
    assertThrows(IllegalStateException.class, kit::manualClock);
  }
}
