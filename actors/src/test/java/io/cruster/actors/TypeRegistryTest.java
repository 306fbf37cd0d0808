package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TypeRegistryTest {
  enum Status {
    OPEN,
    CLOSED
  }

  record Line(String sku, int quantity) {}

  record Item(String name) {}

  record Note(String text) {}

  record Tag(String value) {}

  sealed interface Shape permits Circle, Square {}

  record Circle(double radius) implements Shape {}

  record Square(double side) implements Shape {}

  record Order(
      List<Line> lines,
      Map<String, Item> items,
      Optional<Note> note,
      Tag[] tags,
      Status status,
      Shape shape) {}

  record A(String a) {}

  record B(String b) {}

  record WithUri(URI uri) {}

  static final class NoDefaultConstructor {
    final String value;

    NoDefaultConstructor(String value) {
      this.value = value;
    }
  }

  record WithPlain(NoDefaultConstructor plain) {}

  @Test
  void stableIdsArePinnedToFnv1a32OfTheUtf8Name() {
    assertEquals(0x811c9dc5, TypeRegistry.idOf(""));
    assertEquals(0xe40c292c, TypeRegistry.idOf("a"));
    assertEquals(0xbf9cf968, TypeRegistry.idOf("foobar"));
    assertEquals(0xfbe8aed8, TypeRegistry.idOf("java.lang.String"));
    assertEquals(0x4c25af65, TypeRegistry.idOf("java.lang.Integer"));
    assertEquals(0x2afb3cc1, TypeRegistry.idOf("cruster.ImmutableList"));
    assertEquals(0x5dc2033e, TypeRegistry.idOf("orders.Order"));
  }

  @Test
  void builtInTypesAreAlwaysAllowedUnderFixedNames() {
    TypeRegistry registry = TypeRegistry.builder().build();
    assertEquals(Optional.of("java.lang.String"), registry.stableName(String.class));
    assertEquals(Optional.of("java.lang.Integer"), registry.stableName(int.class));
    assertEquals(OptionalInt.of(0xfbe8aed8), registry.stableId(String.class));
    assertEquals(Optional.of("cruster.ImmutableList"), registry.stableName(List.of(1).getClass()));
    assertEquals(
        registry.stableName(List.of().getClass()),
        registry.stableName(Collections.unmodifiableList(new ArrayList<>()).getClass()));
    for (Class<?> type :
        List.of(
            byte[].class,
            Integer[].class,
            ArrayList.class,
            ZoneId.of("Europe/Paris").getClass(),
            Set.of(1, 2, 3).getClass(),
            Optional.class)) {
      assertTrue(registry.contains(type), type.getName());
    }
    assertTrue(registry.registeredTypes().isEmpty());
  }

  @Test
  void unregisteredClassIsNotContained() {
    TypeRegistry registry = TypeRegistry.builder().register(A.class).build();
    assertFalse(registry.contains(B.class));
    assertEquals(Optional.empty(), registry.stableName(B.class));
    assertEquals(OptionalInt.empty(), registry.stableId(B.class));
  }

  @Test
  void defaultStableNameIsTheClassName() {
    TypeRegistry registry = TypeRegistry.builder().register(A.class).build();
    assertEquals(Optional.of(A.class.getName()), registry.stableName(A.class));
    assertEquals(OptionalInt.of(TypeRegistry.idOf(A.class.getName())), registry.stableId(A.class));
  }

  @Test
  void explicitStableNameDrivesTheId() {
    TypeRegistry registry = TypeRegistry.builder().register(A.class, "orders.Order").build();
    assertEquals(Optional.of("orders.Order"), registry.stableName(A.class));
    assertEquals(OptionalInt.of(0x5dc2033e), registry.stableId(A.class));
  }

  @Test
  void recordRegistersTypesReachableThroughItsComponents() {
    TypeRegistry registry = TypeRegistry.builder().register(Order.class).build();
    for (Class<?> type :
        List.of(
            Order.class,
            Line.class,
            Item.class,
            Note.class,
            Tag.class,
            Tag[].class,
            Status.class,
            Shape.class,
            Circle.class,
            Square.class)) {
      assertTrue(registry.contains(type), type.getName());
    }
    assertEquals(Optional.of(Tag.class.getName() + "[]"), registry.stableName(Tag[].class));
  }

  @Test
  void sealedInterfaceRegistersItsPermittedSubclasses() {
    TypeRegistry registry = TypeRegistry.builder().register(Shape.class).build();
    assertTrue(registry.contains(Circle.class));
    assertTrue(registry.contains(Square.class));
    assertFalse(registry.contains(Order.class));
  }

  @Test
  void explicitNameWinsOverTheNameAClassWasReachedWith() {
    TypeRegistry registry =
        TypeRegistry.builder().register(Order.class).register(Tag.class, "tag").build();
    assertEquals(Optional.of("tag"), registry.stableName(Tag.class));
    assertEquals(Optional.of("tag[]"), registry.stableName(Tag[].class));
  }

  @Test
  void registerAllMergesRegistriesKeepingExplicitNames() {
    TypeRegistry first = TypeRegistry.builder().register(A.class, "a").build();
    TypeRegistry second = TypeRegistry.builder().register(Shape.class).build();
    TypeRegistry merged = TypeRegistry.builder().registerAll(first).registerAll(second).build();
    assertEquals(Optional.of("a"), merged.stableName(A.class));
    assertTrue(merged.contains(Circle.class));
  }

  @Test
  void classUnderTwoStableNamesIsRefused() {
    TypeRegistry.Builder builder =
        TypeRegistry.builder().register(A.class, "first").register(A.class, "second");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertMentions(e, A.class.getName(), "'first'", "'second'");
  }

  @Test
  void stableNameUsedForTwoClassesIsRefused() {
    TypeRegistry.Builder builder =
        TypeRegistry.builder().register(A.class, "same").register(B.class, "same");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertMentions(e, "'same'", A.class.getName(), B.class.getName());
  }

  @Test
  void stableNamesWithTheSameIdAreRefused() {
    // "costarring" and "liquid" are a known FNV-1a 32 collision (0x5e4daa9d)
    TypeRegistry.Builder builder =
        TypeRegistry.builder().register(A.class, "costarring").register(B.class, "liquid");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertMentions(
        e, "'costarring'", "'liquid'", A.class.getName(), B.class.getName(), "0x5e4daa9d");
  }

  @Test
  void builtInTypeUnderAnotherNameIsRefused() {
    TypeRegistry.Builder builder = TypeRegistry.builder().register(String.class, "text");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertMentions(e, "java.lang.String", "'text'");
  }

  @Test
  void jdkTypeThatIsNotBuiltInIsRefusedAtBuild() {
    TypeRegistry.Builder builder = TypeRegistry.builder().register(WithUri.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertMentions(e, "java.net.URI", WithUri.class.getName() + ".uri");
  }

  @Test
  void plainClassWithoutNoArgConstructorIsRefusedAtBuild() {
    TypeRegistry.Builder builder = TypeRegistry.builder().register(WithPlain.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertMentions(e, NoDefaultConstructor.class.getName(), "no-arg constructor");
  }

  @Test
  void blankStableNameIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> TypeRegistry.builder().register(A.class, " "));
  }

  static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }
}
