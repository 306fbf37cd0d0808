package io.cruster.persistence.spi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Checks that a constructor call is refused with a message naming the record and the field. */
final class RecordAssertions {

  private RecordAssertions() {}

  static void refusesNull(String recordAndField, Executable construction) {
    NullPointerException e = assertThrows(NullPointerException.class, construction);
    assertTrue(e.getMessage().contains(recordAndField), e.getMessage());
  }

  static void refuses(String recordAndField, Executable construction) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
    assertTrue(e.getMessage().contains(recordAndField), e.getMessage());
  }
}
