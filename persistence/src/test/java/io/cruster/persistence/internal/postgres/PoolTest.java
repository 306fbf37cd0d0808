package io.cruster.persistence.internal.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PoolTest {

  @Test
  void redactMasksPasswordsInParametersAndUserInfo() {
    assertEquals(
        "jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true",
        Pool.redact("jdbc:postgresql://h:5432/db?user=u&password=p%40ss&ssl=true"));
    assertEquals("jdbc:postgresql://u:***@h/db", Pool.redact("jdbc:postgresql://u:secret@h/db"));
    assertEquals("jdbc:postgresql://h/db?user=u", Pool.redact("jdbc:postgresql://h/db?user=u"));
  }
}
