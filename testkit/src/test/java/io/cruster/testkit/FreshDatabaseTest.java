package io.cruster.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FreshDatabaseTest {

  @Test
  void aPrefixThatIsNotASafeDatabaseNameIsRefusedBeforeAnythingIsCreated() {
    for (String bad :
        new String[] {
          "Bad-Prefix", "1starts_with_digit", "has space", "x; DROP DATABASE postgres", ""
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> FreshDatabase.create(bad));
      assertTrue(e.getMessage().contains("database prefix"), e.getMessage());
    }
  }
}
