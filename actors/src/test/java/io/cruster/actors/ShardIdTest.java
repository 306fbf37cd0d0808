package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardIdTest {

  @Test
  void printsAsGroupColonId() {
    assertEquals("default:17", new ShardId("default", 17).toString());
  }

  @Test
  void shardZeroIsValid() {
    assertEquals(0, new ShardId("default", 0).id());
  }

  @Test
  void shardsWithTheSamePartsAreEqual() {
    assertEquals(new ShardId("default", 3), new ShardId("default", 3));
    assertNotEquals(new ShardId("default", 3), new ShardId("default", 4));
    assertNotEquals(new ShardId("default", 3), new ShardId("other", 3));
  }

  @Test
  void negativeIdIsRejectedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ShardId("default", -1));
    assertTrue(e.getMessage().contains("id"), e.getMessage());
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void blankGroupIsRejectedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ShardId(" ", 1));
    assertTrue(e.getMessage().contains("group"), e.getMessage());
  }

  @Test
  void nullGroupIsRejectedNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ShardId(null, 1));
    assertTrue(e.getMessage().contains("group"), e.getMessage());
  }
}
