package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.RecordAssertions.refuses;
import static io.cruster.persistence.spi.RecordAssertions.refusesNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateRecordsTest {

  @Test
  void storedStatesWithEqualBytesAreEqual() {
    StoredState a = new StoredState(bytes("s"), Map.of("Auditable", bytes("a")), 3);
    StoredState b = new StoredState(bytes("s"), Map.of("Auditable", bytes("a")), 3);

    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void storedStatesDifferingInStateTraitsOrVersionAreNotEqual() {
    StoredState base = new StoredState(bytes("s"), Map.of("Auditable", bytes("a")), 3);

    assertNotEquals(base, new StoredState(bytes("t"), Map.of("Auditable", bytes("a")), 3));
    assertNotEquals(base, new StoredState(bytes("s"), Map.of("Auditable", bytes("b")), 3));
    assertNotEquals(base, new StoredState(bytes("s"), Map.of("Taggable", bytes("a")), 3));
    assertNotEquals(base, new StoredState(bytes("s"), Map.of(), 3));
    assertNotEquals(base, new StoredState(bytes("s"), Map.of("Auditable", bytes("a")), 4));
  }

  @Test
  void storedStatePrintsLengthsNotBytes() {
    StoredState state =
        new StoredState(new byte[] {1, 2, 3}, Map.of("Auditable", new byte[] {9}), 2);

    assertEquals(
        "StoredState[state=byte[3], traits={Auditable=byte[1]}, version=2]", state.toString());
  }

  @Test
  void storedStateCopiesItsTraitMap() {
    Map<String, byte[]> traits = new HashMap<>();
    traits.put("Auditable", bytes("a"));
    StoredState state = new StoredState(bytes("s"), traits, 1);

    traits.put("Taggable", bytes("t"));

    assertEquals(1, state.traits().size());
    assertThrows(UnsupportedOperationException.class, () -> state.traits().put("x", bytes("x")));
  }

  @Test
  void storedStateOfHasNoTraits() {
    assertTrue(StoredState.of(bytes("s"), 1).traits().isEmpty());
  }

  @Test
  void storedStateRefusesNullsBlankTraitNamesAndNegativeVersions() {
    refusesNull("StoredState.state", () -> new StoredState(null, Map.of(), 1));
    refusesNull("StoredState.traits", () -> new StoredState(bytes("s"), null, 1));
    Map<String, byte[]> nullTrait = new HashMap<>();
    nullTrait.put("Auditable", null);
    refusesNull("StoredState.traits[Auditable]", () -> new StoredState(bytes("s"), nullTrait, 1));
    refuses(
        "StoredState.traits key", () -> new StoredState(bytes("s"), Map.of(" ", bytes("a")), 1));
    refuses("StoredState.version", () -> new StoredState(bytes("s"), Map.of(), -1));
  }

  @Test
  void versionZeroIsAValidStoredState() {
    assertEquals(0, StoredState.of(new byte[0], 0).version());
  }

  @Test
  void stateWriteRefusesNulls() {
    refusesNull("StateWrite.address", () -> new StateWrite(null, StoredState.of(bytes("s"), 1)));
    refusesNull("StateWrite.state", () -> new StateWrite(COUNTER_1, null));
  }

  @Test
  void storedStateIsNotEqualToOtherTypes() {
    assertFalse(StoredState.of(bytes("s"), 1).equals("s"));
  }
}
