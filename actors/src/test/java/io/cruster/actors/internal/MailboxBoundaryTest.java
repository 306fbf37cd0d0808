package io.cruster.actors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ActorSystem;
import io.cruster.actors.ActorSystemSettings;
import io.cruster.actors.Behaviors;
import io.cruster.actors.MailboxFullException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where a bounded mailbox refuses: only when more unhandled messages than its capacity are queued.
 * Messages the running batch has already handled (still in the reservation count until the batch
 * settles) take no room. Each test stops the actor at a known point with latches, so the boundary
 * is exact, not raced.
 */
@Timeout(30)
class MailboxBoundaryTest {
  private static final int CAPACITY = 4;

  /** Messages starting with "hold" block the actor until {@link #release(String)}. */
  private final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

  private final Map<String, CountDownLatch> released = new ConcurrentHashMap<>();
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final ActorSystem<String> system =
      ActorSystem.create(
          Behaviors.receiveMessage(
              m -> {
                if (m.startsWith("hold")) {
                  latch(entered, m).countDown();
                  latch(released, m).await();
                }
                handled.add(m);
                return Behaviors.same();
              }),
          "boundary",
          ActorSystemSettings.builder().mailboxCapacity(CAPACITY).throughput(64).build());

  @AfterEach
  void close() {
    released.values().forEach(CountDownLatch::countDown);
    system.close();
  }

  private static CountDownLatch latch(Map<String, CountDownLatch> latches, String name) {
    return latches.computeIfAbsent(name, k -> new CountDownLatch(1));
  }

  private void awaitEntered(String hold) throws InterruptedException {
    assertTrue(latch(entered, hold).await(10, TimeUnit.SECONDS), hold + " was never handled");
  }

  private void release(String hold) {
    latch(released, hold).countDown();
  }

  @Test
  void refusesOnlyWhenCapacityUnhandledMessagesWaitBehindHandledOnesOfTheSameBatch()
      throws Exception {
    system.tell("hold-1");
    awaitEntered("hold-1");
    for (String m : List.of("a", "b", "hold-2")) {
      system.tell(m);
    }
    release("hold-1");
    // One batch has now handled hold-1, a and b and is inside hold-2: nothing is waiting.
    awaitEntered("hold-2");
    for (String m : List.of("c", "d", "e", "f")) {
      system.tell(m);
    }
    assertThrows(MailboxFullException.class, () -> system.tell("g"));
    release("hold-2");
    org.awaitility.Awaitility.await().until(() -> handled.size() == 8);
    assertEquals(List.of("hold-1", "a", "b", "hold-2", "c", "d", "e", "f"), handled);
  }

  @Test
  void messagesHandledByABatchTakeNoRoomWhileItSettles() throws Exception {
    system.tell("hold-1");
    awaitEntered("hold-1");
    for (String m : List.of("a", "b", "c")) {
      system.tell(m);
    }
    // Stop the consumer halfway through settling the batch hold-1, a, b, c: all four are handled.
    CountDownLatch settling = new CountDownLatch(1);
    CountDownLatch finishSettle = new CountDownLatch(1);
    CellExtras extras = CellExtras.cellOf(system).extras();
    extras.settleHook =
        () -> {
          extras.settleHook = null;
          settling.countDown();
          try {
            finishSettle.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    release("hold-1");
    assertTrue(settling.await(10, TimeUnit.SECONDS), "the batch never settled");
    // Nothing is waiting, so a full mailbox's worth of messages fits.
    AtomicReference<Throwable> refused = new AtomicReference<>();
    Thread sender =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (String m : List.of("w", "x", "y", "z")) {
                      system.tell(m);
                    }
                  } catch (Throwable t) {
                    refused.set(t);
                  }
                });
    finishSettle.countDown();
    sender.join();
    assertNull(refused.get(), () -> "refused with nothing waiting: " + refused.get());
    org.awaitility.Awaitility.await().until(() -> handled.size() == 8);
    assertEquals(List.of("hold-1", "a", "b", "c", "w", "x", "y", "z"), handled);
  }
}
