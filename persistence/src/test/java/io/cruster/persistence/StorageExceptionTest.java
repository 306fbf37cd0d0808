package io.cruster.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.CrusterException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StorageExceptionTest {

  @Test
  void isACrusterException() {
    assertInstanceOf(CrusterException.class, new StorageException("storage is closed"));
  }

  @Test
  void isTerminalUnlessSaidOtherwise() {
    assertFalse(new StorageException("conflict").isRetryable());
    assertFalse(new StorageException("conflict", new IOException("x")).isRetryable());
    assertFalse(new StorageException("conflict", null, false).isRetryable());
  }

  @Test
  void isRetryableWhenCreatedSo() {
    IOException cause = new IOException("connection reset");

    StorageException e = new StorageException("lost the database", cause, true);

    assertTrue(e.isRetryable());
    assertSame(cause, e.getCause());
    assertEquals("lost the database", e.getMessage());
  }
}
