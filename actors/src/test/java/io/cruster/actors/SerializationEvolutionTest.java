package io.cruster.actors;

import static io.cruster.actors.TypeRegistryTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.actors.spi.Serializer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Old and new versions of a class are different classes registered under the same stable name in
 * two registries: bytes written by one are read by the other.
 */
class SerializationEvolutionTest {
  private static final String NAME = "test.Evolving";

  record V1(String a, int b) {}

  record V2(String a, int b, List<String> c) {}

  record V0(String a) {}

  record Reordered(int b, String a) {}

  record WithDefaults(
      String a,
      int b,
      long d,
      boolean e,
      Set<String> f,
      Map<String, Integer> g,
      Optional<String> h,
      Integer i) {}

  record Validated(String a, int b) {
    Validated {
      if (b < 10) {
        throw new IllegalArgumentException("b must be at least 10");
      }
    }
  }

  record CompactDefault(String a, int b, String region) {
    CompactDefault {
      region = region == null ? "eu" : region;
    }
  }

  record WrongType(String a, String b) {}

  record Boxed(String a, Integer b) {}

  enum ColorV1 {
    RED,
    GREEN,
    BLUE
  }

  enum ColorV2 {
    BLUE,
    GREEN,
    RED,
    YELLOW
  }

  enum ColorRenamed {
    RED,
    EMERALD,
    BLUE
  }

  record Holder(List<Object> values) {}

  private static Serializer serializerFor(Class<?> version) {
    return Serialization.kryo(TypeRegistry.builder().register(version, NAME).build());
  }

  private static byte[] written(Object value) {
    return serializerFor(value.getClass()).toBytes(value);
  }

  /**
   * The stored layout, pinned: magic C7, version 01, type id of "test.Evolving", 2 components, then
   * per component its name id, chunk length and value (type id + Kryo value). All int32
   * little-endian.
   */
  @Test
  void storedBytesOfARecordArePinned() {
    String golden =
        "c701"
            + "4f06d67a"
            + "02"
            + "2c290ce4"
            + "06000000"
            + "d8aee8fb"
            + "8278" // a = "x"
            + "e52d0ce7"
            + "05000000"
            + "65af254c"
            + "0e"; // b = 7 (zig-zag varint)
    assertEquals(golden, HexFormat.of().formatHex(written(new V1("x", 7))));
    assertEquals(
        new V1("x", 7),
        serializerFor(V1.class).fromBytes(HexFormat.of().parseHex(golden), V1.class));
    assertEquals(
        "c701" + "c13cfb2a" + "02" + "d8aee8fb" + "8261" + "65af254c" + "02",
        HexFormat.of().formatHex(serializerFor(V1.class).toBytes(List.of("a", 1))));
  }

  @Test
  void addedListComponentReadsAsEmpty() {
    V2 v2 = serializerFor(V2.class).fromBytes(written(new V1("x", 7)), V2.class);
    assertEquals(new V2("x", 7, List.of()), v2);
  }

  @Test
  void removedComponentIsSkipped() {
    assertEquals(new V0("x"), serializerFor(V0.class).fromBytes(written(new V1("x", 7)), V0.class));
    assertEquals(
        new V0("y"),
        serializerFor(V0.class).fromBytes(written(new V2("y", 1, List.of("gone"))), V0.class));
  }

  @Test
  void newerBytesReadByOlderRecordDropTheUnknownComponent() {
    V1 v1 = serializerFor(V1.class).fromBytes(written(new V2("x", 3, List.of("c"))), V1.class);
    assertEquals(new V1("x", 3), v1);
  }

  @Test
  void componentsAreMatchedByNameNotPosition() {
    Reordered r =
        serializerFor(Reordered.class).fromBytes(written(new V1("x", 5)), Reordered.class);
    assertEquals(new Reordered(5, "x"), r);
  }

  @Test
  void missingComponentsTakeTheirTypesDefaults() {
    WithDefaults d =
        serializerFor(WithDefaults.class).fromBytes(written(new V0("x")), WithDefaults.class);
    assertEquals(
        new WithDefaults("x", 0, 0L, false, Set.of(), Map.of(), Optional.empty(), null), d);
  }

  @Test
  void canonicalConstructorRunsSoCompactConstructorDefaultsApply() {
    CompactDefault d =
        serializerFor(CompactDefault.class)
            .fromBytes(written(new V1("x", 1)), CompactDefault.class);
    assertEquals(new CompactDefault("x", 1, "eu"), d);
  }

  @Test
  void canonicalConstructorValidationRejectsBadOldData() {
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () ->
                serializerFor(Validated.class).fromBytes(written(new V1("x", 1)), Validated.class));
    assertMentions(e, Validated.class.getName(), "b must be at least 10");
  }

  @Test
  void valueThatNoLongerFitsItsComponentTypeIsRefusedNamingBothTypes() {
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () ->
                serializerFor(WrongType.class).fromBytes(written(new V1("x", 1)), WrongType.class));
    assertMentions(e, WrongType.class.getName(), "'b'", "java.lang.Integer", "java.lang.String");
  }

  @Test
  void nullWrittenForABoxNowPrimitiveReadsAsZero() {
    V1 v1 = serializerFor(V1.class).fromBytes(written(new Boxed("x", null)), V1.class);
    assertEquals(new V1("x", 0), v1);
  }

  @Test
  void reorderedAndAddedEnumConstantsKeepTheirData() {
    Serializer v1 =
        Serialization.kryo(
            TypeRegistry.builder()
                .register(Holder.class)
                .register(ColorV1.class, "test.Color")
                .build());
    Serializer v2 =
        Serialization.kryo(
            TypeRegistry.builder()
                .register(Holder.class)
                .register(ColorV2.class, "test.Color")
                .build());
    Holder read =
        v2.fromBytes(v1.toBytes(new Holder(List.of(ColorV1.RED, ColorV1.BLUE))), Holder.class);
    assertEquals(List.of(ColorV2.RED, ColorV2.BLUE), read.values());
  }

  @Test
  void renamedEnumConstantIsAClearError() {
    Serializer v1 =
        Serialization.kryo(
            TypeRegistry.builder()
                .register(Holder.class)
                .register(ColorV1.class, "test.Color")
                .build());
    Serializer renamed =
        Serialization.kryo(
            TypeRegistry.builder()
                .register(Holder.class)
                .register(ColorRenamed.class, "test.Color")
                .build());
    byte[] bytes = v1.toBytes(new Holder(List.of(ColorV1.GREEN)));
    SerializationException e =
        assertThrows(SerializationException.class, () -> renamed.fromBytes(bytes, Holder.class));
    assertMentions(e, ColorRenamed.class.getName(), "'GREEN'", "EMERALD");
  }

  @Test
  void recordMovedUnderAnExplicitNameStillReadsItsBytes() {
    byte[] bytes = written(new V1("moved", 2));
    Object read = serializerFor(Reordered.class).fromBytes(bytes);
    assertEquals(new Reordered(2, "moved"), read);
  }
}
