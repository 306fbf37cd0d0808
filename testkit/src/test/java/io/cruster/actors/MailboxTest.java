package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.ActorTestKit;
import io.cruster.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MailboxTest {
  private final ActorTestKit kit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    kit.close();
  }

  record Numbered(int sender, int seq) {}

  record Done(ActorRef<Map<Integer, List<Integer>>> replyTo) {}

  @Test
  void messagesFromEachSenderArriveInOrder() throws Exception {
    Map<Integer, List<Integer>> seen = new HashMap<>();
    ActorRef<Object> collector =
        kit.spawn(
            Behaviors.receive(Object.class)
                .onMessage(
                    Numbered.class,
                    (ctx, n) -> {
                      seen.computeIfAbsent(n.sender(), k -> new ArrayList<>()).add(n.seq());
                      return Behaviors.same();
                    })
                .onMessage(
                    Done.class,
                    (ctx, d) -> {
                      d.replyTo().tell(Map.copyOf(seen));
                      return Behaviors.same();
                    })
                .build(),
            "collector",
            Props.mailboxCapacity(1_000_000));
    int senders = 8;
    int perSender = 20_000;
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < perSender; i++) {
                      collector.tell(new Numbered(sender, i));
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    TestProbe<Map<Integer, List<Integer>>> probe = kit.createTestProbe();
    collector.tell(new Done(probe.ref()));
    Map<Integer, List<Integer>> result = probe.receiveMessage();
    assertEquals(senders, result.size());
    for (List<Integer> seqs : result.values()) {
      assertEquals(perSender, seqs.size());
      for (int i = 0; i < perSender; i++) {
        assertEquals(i, seqs.get(i));
      }
    }
  }

  /**
   * An actor that blocks in its first message until released; {@code busy} opens when it is inside.
   */
  private ActorRef<String> blockedActor(
      String name,
      int capacity,
      CountDownLatch busy,
      CountDownLatch release,
      TestProbe<String> out) {
    return kit.spawn(
        Behaviors.receiveMessage(
            m -> {
              busy.countDown();
              release.await();
              out.ref().tell(m);
              return Behaviors.same();
            }),
        name,
        Props.mailboxCapacity(capacity));
  }

  @Test
  void fullMailboxRejectsTell() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<String> blocked = blockedActor("blocked", 4, busy, release, out);
    blocked.tell("first");
    assertTrue(busy.await(5, TimeUnit.SECONDS));
    // "first" is being handled; four more wait, the fifth finds no room.
    for (String m : List.of("a", "b", "c", "d")) {
      blocked.tell(m);
    }
    MailboxFullException e = assertThrows(MailboxFullException.class, () -> blocked.tell("e"));
    assertTrue(
        e.getMessage().contains("blocked") && e.getMessage().contains("capacity 4"),
        e.getMessage());
    assertTrue(e.isRetryable());
    release.countDown();
    assertEquals(List.of("first", "a", "b", "c", "d"), out.receiveMessages(5));
    out.expectNoMessage();
  }

  @Test
  void tellWithTimeoutWaitsForRoom() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<String> slow = blockedActor("slow", 2, busy, release, out);
    slow.tell("1");
    assertTrue(busy.await(5, TimeUnit.SECONDS));
    slow.tell("2");
    slow.tell("3");
    assertThrows(MailboxFullException.class, () -> slow.tell("4"));
    Thread sender = Thread.ofVirtual().start(() -> slow.tell("4", Duration.ofSeconds(10)));
    release.countDown();
    sender.join();
    assertEquals(List.of("1", "2", "3", "4"), out.receiveMessages(4));
  }

  @Test
  void tellWithTimeoutGivesUpWhenNoRoomAppears() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<String> stuck = blockedActor("stuck", 1, busy, release, kit.createTestProbe());
    stuck.tell("1");
    assertTrue(busy.await(5, TimeUnit.SECONDS));
    stuck.tell("2");
    MailboxFullException e =
        assertThrows(MailboxFullException.class, () -> stuck.tell("3", Duration.ofMillis(50)));
    assertTrue(e.getMessage().contains("after PT0.05S"), e.getMessage());
    release.countDown();
  }

  @Test
  void nullMessageIsRefused() {
    ActorRef<String> a = kit.spawn(Behaviors.ignore());
    InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> a.tell(null));
    assertTrue(e.getMessage().contains(a.path().toString()), e.getMessage());
  }

  @Test
  void tellToStoppedActorIsADeadLetter() {
    TestProbe<DeadLetter> deadLetters = kit.createDeadLetterProbe();
    ActorRef<String> a =
        kit.spawn(Behaviors.receiveMessage(m -> Behaviors.stopped()), "short-lived");
    a.tell("stop");
    kit.createTestProbe().expectTerminated(a);
    long before = kit.system().deadLetters().count();
    a.tell("too late");
    DeadLetter d = deadLetters.expectMessageClass(DeadLetter.class);
    assertEquals("too late", d.message());
    assertEquals(a.path(), d.recipient());
    assertEquals(DeadLetter.Reason.RECIPIENT_STOPPED, d.reason());
    assertEquals(before + 1, kit.system().deadLetters().count());
  }

  @Test
  void messagesQueuedBehindAStopBecomeDeadLetters() throws Exception {
    TestProbe<DeadLetter> deadLetters = kit.createDeadLetterProbe();
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<String> a =
        kit.spawn(
            Behaviors.receiveMessage(
                m -> {
                  release.await();
                  return m.equals("stop") ? Behaviors.stopped() : Behaviors.same();
                }),
            "stopping");
    a.tell("stop");
    a.tell("queued-1");
    a.tell("queued-2");
    release.countDown();
    List<DeadLetter> letters = deadLetters.receiveMessages(2);
    assertEquals(
        List.of("queued-1", "queued-2"), letters.stream().map(DeadLetter::message).toList());
  }

  @Test
  void handledMessagesFreeTheirRoomBeforeTheBatchEnds() throws Exception {
    // The actor handles 3 of its 4 messages, then blocks inside its batch: those 3 must no longer
    // take room.
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch third = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    ActorRef<String> a =
        kit.spawn(
            Behaviors.receiveMessage(
                m -> {
                  if (handled.incrementAndGet() == 3) {
                    third.countDown();
                    release.await();
                  }
                  return Behaviors.same();
                }),
            "batch",
            Props.mailboxCapacity(4));
    for (int i = 0; i < 4; i++) {
      a.tell("m" + i);
    }
    assertTrue(third.await(5, TimeUnit.SECONDS));
    // Only the fourth still waits (the third is being handled): three more fit, a fourth does not.
    a.tell("x");
    a.tell("y");
    a.tell("z");
    assertThrows(MailboxFullException.class, () -> a.tell("w"));
    release.countDown();
    kit.createTestProbe().awaitAssert(() -> assertEquals(7, handled.get()));
  }
}
