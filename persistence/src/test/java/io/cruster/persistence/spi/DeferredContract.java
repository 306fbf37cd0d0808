package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.COUNTER_2;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of {@link DeferredStore} and of deferred writes in a {@link Commit}. */
abstract class DeferredContract extends ContractBase {

  private DeferredStore deferreds() {
    return storage.deferreds();
  }

  private byte[] value(String name) {
    return deferreds().get(COUNTER_1, name).orElseThrow();
  }

  @Test
  void anUnresolvedSlotIsEmpty() {
    assertEquals(Optional.empty(), deferreds().get(COUNTER_1, "approval/order-1"));
  }

  @Test
  void resolveIsFirstWins() {
    assertTrue(deferreds().resolve(COUNTER_1, "approval/order-1", bytes("yes")));

    assertFalse(deferreds().resolve(COUNTER_1, "approval/order-1", bytes("no")));
    assertFalse(deferreds().resolve(COUNTER_1, "approval/order-1", bytes("yes")));

    assertArrayEquals(bytes("yes"), value("approval/order-1"));
  }

  @Test
  void clearEmptiesASlotWhichCanThenBeResolvedAgain() {
    deferreds().resolve(COUNTER_1, "approval", bytes("yes"));

    deferreds().clear(COUNTER_1, "approval");
    assertEquals(Optional.empty(), deferreds().get(COUNTER_1, "approval"));

    assertTrue(deferreds().resolve(COUNTER_1, "approval", bytes("no")));
    assertArrayEquals(bytes("no"), value("approval"));
  }

  @Test
  void clearingAnEmptySlotDoesNothing() {
    deferreds().clear(COUNTER_1, "never-resolved");

    assertEquals(Optional.empty(), deferreds().get(COUNTER_1, "never-resolved"));
  }

  @Test
  void slotsBelongToTheirEntityAndName() {
    deferreds().resolve(COUNTER_1, "approval", bytes("one"));

    assertEquals(Optional.empty(), deferreds().get(COUNTER_2, "approval"));
    assertEquals(Optional.empty(), deferreds().get(COUNTER_1, "other"));
    assertTrue(deferreds().resolve(COUNTER_2, "approval", bytes("two")));
    assertArrayEquals(bytes("one"), value("approval"));
  }

  @Test
  void resolveInACommitKeepsTheFirstValue() {
    deferreds().resolve(COUNTER_1, "approval", bytes("first"));

    storage.commit(
        Commit.builder()
            .deferred(DeferredWrite.resolve(COUNTER_1, "approval", bytes("second")))
            .deferred(DeferredWrite.resolve(COUNTER_1, "fresh", bytes("fresh value")))
            .build());

    assertArrayEquals(bytes("first"), value("approval"));
    assertArrayEquals(bytes("fresh value"), value("fresh"));
  }

  @Test
  void clearInACommitEmptiesTheSlot() {
    deferreds().resolve(COUNTER_1, "approval", bytes("yes"));

    storage.commit(Commit.builder().deferred(DeferredWrite.clear(COUNTER_1, "approval")).build());

    assertEquals(Optional.empty(), deferreds().get(COUNTER_1, "approval"));
  }

  @Test
  void deferredWritesOfACommitApplyInOrder() {
    deferreds().resolve(COUNTER_1, "approval", bytes("old"));

    storage.commit(
        Commit.builder()
            .deferred(DeferredWrite.clear(COUNTER_1, "approval"))
            .deferred(DeferredWrite.resolve(COUNTER_1, "approval", bytes("new")))
            .build());

    assertArrayEquals(bytes("new"), value("approval"));
  }
}
