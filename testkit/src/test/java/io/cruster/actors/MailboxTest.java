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
    ActorRef<Object> collector = kit.spawn(Behaviors.receive(Object.class)
        .onMessage(Numbered.class, (ctx, n) -> {
          seen.computeIfAbsent(n.sender(), k -> new ArrayList<>()).add(n.seq());
          return Behaviors.same();
        })
        .onMessage(Done.class, (ctx, d) -> {
          d.replyTo().tell(Map.copyOf(seen));
          return Behaviors.same();
        })
        .build(), "collector", Props.mailboxCapacity(1_000_000));
    int senders = 8;
    int perSender = 20_000;
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      threads.add(Thread.ofVirtual().start(() -> {
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

  @Test
  void fullMailboxRejectsTell() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    ActorRef<String> blocked = kit.spawn(Behaviors.receiveMessage(m -> {
      busy.countDown();
      release.await();
      handled.incrementAndGet();
      return Behaviors.same();
    }), "blocked", Props.mailboxCapacity(4));
    blocked.tell("first");
    assertTrue(busy.await(5, TimeUnit.SECONDS));
    // "first" is being handled and still counts until its batch ends: three more fit.
    blocked.tell("a");
    blocked.tell("b");
    blocked.tell("c");
    MailboxFullException e = assertThrows(MailboxFullException.class, () -> blocked.tell("d"));
    assertTrue(e.getMessage().contains("blocked") && e.getMessage().contains("capacity 4"), e.getMessage());
    assertTrue(e.isRetryable());
    release.countDown();
    kit.createTestProbe().awaitAssert(() -> assertEquals(4, handled.get()));
  }

  @Test
  void tellWithTimeoutWaitsForRoom() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    TestProbe<String> probe = kit.createTestProbe();
    ActorRef<String> slow = kit.spawn(Behaviors.receiveMessage(m -> {
      release.await();
      probe.ref().tell(m);
      return Behaviors.same();
    }), "slow", Props.mailboxCapacity(2));
    slow.tell("1");
    slow.tell("2");
    assertThrows(MailboxFullException.class, () -> slow.tell("3"));
    Thread sender = Thread.ofVirtual().start(() -> slow.tell("3", Duration.ofSeconds(10)));
    release.countDown();
    sender.join();
    assertEquals(List.of("1", "2", "3"), probe.receiveMessages(3));
  }

  @Test
  void tellWithTimeoutGivesUpWhenNoRoomAppears() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<String> stuck = kit.spawn(Behaviors.receiveMessage(m -> {
      release.await();
      return Behaviors.same();
    }), "stuck", Props.mailboxCapacity(1));
    stuck.tell("1");
    MailboxFullException e = assertThrows(MailboxFullException.class, () -> stuck.tell("2", Duration.ofMillis(50)));
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
    ActorRef<String> a = kit.spawn(Behaviors.receiveMessage(m -> Behaviors.stopped()), "short-lived");
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
    ActorRef<String> a = kit.spawn(Behaviors.receiveMessage(m -> {
      release.await();
      return m.equals("stop") ? Behaviors.stopped() : Behaviors.same();
    }), "stopping");
    a.tell("stop");
    a.tell("queued-1");
    a.tell("queued-2");
    release.countDown();
    List<DeadLetter> letters = deadLetters.receiveMessages(2);
    assertEquals(List.of("queued-1", "queued-2"), letters.stream().map(DeadLetter::message).toList());
  }
}
