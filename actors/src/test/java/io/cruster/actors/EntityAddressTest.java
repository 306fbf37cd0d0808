package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntityAddressTest {

  @Test
  void printsAsTypeSlashId() {
    assertEquals("Counter/counter-1", new EntityAddress("Counter", "counter-1").toString());
  }

  @Test
  void addressesWithTheSamePartsAreEqual() {
    assertEquals(new EntityAddress("Counter", "c-1"), new EntityAddress("Counter", "c-1"));
    assertEquals(
        new EntityAddress("Counter", "c-1").hashCode(),
        new EntityAddress("Counter", "c-1").hashCode());
    assertNotEquals(new EntityAddress("Counter", "c-1"), new EntityAddress("Counter", "c-2"));
    assertNotEquals(new EntityAddress("Counter", "c-1"), new EntityAddress("Cart", "c-1"));
  }

  @Test
  void blankEntityTypeIsRejectedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EntityAddress(" ", "c-1"));
    assertTrue(e.getMessage().contains("entityType"), e.getMessage());
  }

  @Test
  void nullEntityTypeIsRejectedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EntityAddress(null, "c-1"));
    assertTrue(e.getMessage().contains("entityType"), e.getMessage());
  }

  @Test
  void blankEntityIdIsRejectedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EntityAddress("Counter", ""));
    assertTrue(e.getMessage().contains("entityId"), e.getMessage());
  }

  @Test
  void nullEntityIdIsRejectedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EntityAddress("Counter", null));
    assertTrue(e.getMessage().contains("entityId"), e.getMessage());
  }
}
