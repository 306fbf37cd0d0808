package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.T0;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.RecordAssertions.refuses;
import static io.cruster.persistence.spi.RecordAssertions.refusesNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowRecordsTest {

  private static JournalEntry entry(byte[] result) {
    return new JournalEntry("exec-1", 1, StepKind.ACTIVITY, "Charge", result, false, T0);
  }

  @Test
  void journalEntriesCompareTheirResultByContent() {
    assertEquals(entry(bytes("ok")), entry(bytes("ok")));
    assertEquals(entry(bytes("ok")).hashCode(), entry(bytes("ok")).hashCode());
    assertNotEquals(entry(bytes("ok")), entry(bytes("ko")));
    assertTrue(entry(bytes("ok")).toString().contains("result=byte[2]"));
  }

  @Test
  void journalEntryRefusesNullBlankAndStepsBelowOne() {
    byte[] r = bytes("r");
    refuses(
        "JournalEntry.executionId",
        () -> new JournalEntry(" ", 1, StepKind.SLEEP, "", r, false, T0));
    refusesNull(
        "JournalEntry.executionId",
        () -> new JournalEntry(null, 1, StepKind.SLEEP, "", r, false, T0));
    refuses("JournalEntry.step", () -> new JournalEntry("e", 0, StepKind.SLEEP, "", r, false, T0));
    refusesNull("JournalEntry.kind", () -> new JournalEntry("e", 1, null, "", r, false, T0));
    refusesNull(
        "JournalEntry.tag", () -> new JournalEntry("e", 1, StepKind.SLEEP, null, r, false, T0));
    refusesNull(
        "JournalEntry.result", () -> new JournalEntry("e", 1, StepKind.SLEEP, "", null, false, T0));
    refusesNull(
        "JournalEntry.recordedAt",
        () -> new JournalEntry("e", 1, StepKind.SLEEP, "", r, false, null));
  }

  @Test
  void journalEntryAllowsAnEmptyTagAndResult() {
    assertEquals("", new JournalEntry("e", 1, StepKind.SLEEP, "", new byte[0], false, T0).tag());
  }

  @Test
  void deferredWritesCompareTheirValueByContent() {
    DeferredWrite v = DeferredWrite.resolve(COUNTER_1, "d", bytes("v"));
    assertEquals(v, DeferredWrite.resolve(COUNTER_1, "d", bytes("v")));
    assertEquals(v.hashCode(), DeferredWrite.resolve(COUNTER_1, "d", bytes("v")).hashCode());
    assertNotEquals(v, DeferredWrite.resolve(COUNTER_1, "d", bytes("w")));
    assertNotEquals(
        DeferredWrite.resolve(COUNTER_1, "d", new byte[0]), DeferredWrite.clear(COUNTER_1, "d"));
    assertEquals(
        DeferredWrite.clear(COUNTER_1, "d"), new DeferredWrite(COUNTER_1, "d", Optional.empty()));
  }

  @Test
  void deferredWritePrintsTheValueLengthOrClear() {
    assertTrue(
        DeferredWrite.resolve(COUNTER_1, "d", bytes("vv")).toString().contains("value=byte[2]"));
    assertTrue(DeferredWrite.clear(COUNTER_1, "d").toString().contains("value=clear"));
  }

  @Test
  void deferredWriteRefusesNullsAndBlankNames() {
    refusesNull("DeferredWrite.address", () -> DeferredWrite.clear(null, "d"));
    refusesNull("DeferredWrite.name", () -> DeferredWrite.clear(COUNTER_1, null));
    refuses("DeferredWrite.name", () -> DeferredWrite.clear(COUNTER_1, " "));
    refusesNull("DeferredWrite.value", () -> new DeferredWrite(COUNTER_1, "d", null));
    refusesNull("DeferredWrite.value", () -> DeferredWrite.resolve(COUNTER_1, "d", null));
  }

  @Test
  void timerRecordRefusesNullBlankAndStepsBelowOne() {
    refuses("TimerRecord.timerId", () -> new TimerRecord("", COUNTER_1, SHARD_1, "e", 1, T0));
    refusesNull("TimerRecord.timerId", () -> new TimerRecord(null, COUNTER_1, SHARD_1, "e", 1, T0));
    refusesNull("TimerRecord.address", () -> new TimerRecord("t", null, SHARD_1, "e", 1, T0));
    refusesNull("TimerRecord.shard", () -> new TimerRecord("t", COUNTER_1, null, "e", 1, T0));
    refuses("TimerRecord.executionId", () -> new TimerRecord("t", COUNTER_1, SHARD_1, " ", 1, T0));
    refuses("TimerRecord.step", () -> new TimerRecord("t", COUNTER_1, SHARD_1, "e", 0, T0));
    refusesNull("TimerRecord.wakeAt", () -> new TimerRecord("t", COUNTER_1, SHARD_1, "e", 1, null));
  }
}
