package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowHistoryTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");

  static WorkflowHistory sample() {
    return new WorkflowHistory(
        "1234567890",
        "Order",
        "order-\"7\"\n",
        "Order.Place",
        WorkflowStatus.SLEEPING,
        T0,
        Optional.empty(),
        Optional.empty(),
        new byte[] {0, 1, 2, (byte) 255},
        List.of(
            new WorkflowHistory.Step(
                1, WorkflowStep.Kind.ACTIVITY, "Order.Charge", new byte[] {9}, false, T0),
            new WorkflowHistory.Step(
                2, WorkflowStep.Kind.PATCH, "charge-with-tax", new byte[0], false, T0),
            new WorkflowHistory.Step(
                3,
                WorkflowStep.Kind.CALL,
                "call:Stock.Reserve",
                "ünïcode ✓".getBytes(StandardCharsets.UTF_8),
                true,
                T0.plusSeconds(1))));
  }

  @Test
  void jsonRoundTripsEveryFieldAndByte() {
    WorkflowHistory h = sample();

    WorkflowHistory back = WorkflowHistory.fromJson(h.toJson());

    assertEquals(h, back);
    assertArrayEquals(h.input(), back.input());
    assertEquals("order-\"7\"\n", back.entityId());
  }

  @Test
  void aFinishedHistoryKeepsItsEndAndFailure() {
    WorkflowHistory h =
        new WorkflowHistory(
            "e",
            "Order",
            "o",
            "Order.Place",
            WorkflowStatus.FAILED,
            T0,
            Optional.of(T0.plusSeconds(5)),
            Optional.of("EntityException: boom"),
            new byte[] {1},
            List.of());

    assertEquals(h, WorkflowHistory.fromJson(h.toJson()));
  }

  @Test
  void malformedJsonIsRefusedSayingWhere() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WorkflowHistory.fromJson("{\"format\":1,"));
    assertTrue(e.getMessage().contains("offset"), e.getMessage());
  }

  @Test
  void documentsOfAnotherShapeAreRefused() {
    String json = sample().toJson();
    assertThrows(
        IllegalArgumentException.class,
        () -> WorkflowHistory.fromJson(json.replace("\"format\":1", "\"format\":2")));
    assertThrows(
        IllegalArgumentException.class,
        () -> WorkflowHistory.fromJson(json.replace("\"SLEEPING\"", "\"NAPPING\"")));
    assertThrows(
        IllegalArgumentException.class,
        () -> WorkflowHistory.fromJson(json.replace("\"kind\":\"PATCH\"", "\"kind\":7")));
    assertThrows(IllegalArgumentException.class, () -> WorkflowHistory.fromJson("[]"));
    IllegalArgumentException gap =
        assertThrows(
            IllegalArgumentException.class,
            () -> WorkflowHistory.fromJson(json.replace("\"step\":2", "\"step\":5")));
    assertTrue(gap.getMessage().contains("numbered"), gap.getMessage());
  }
}
