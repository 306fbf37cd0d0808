package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.actors.spi.Serializer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SerializationRoundTripTest {
  enum Status {
    OPEN,
    CLOSED
  }

  enum Op {
    ADD {
      @Override
      int apply(int a, int b) {
        return a + b;
      }
    },
    SUB {
      @Override
      int apply(int a, int b) {
        return a - b;
      }
    };

    abstract int apply(int a, int b);
  }

  record Line(String sku, int quantity, BigDecimal price) {}

  record Customer(String name, Optional<String> email) {}

  record Order(
      UUID id,
      Customer customer,
      List<Line> lines,
      Map<String, Line> bySku,
      Status status,
      Instant placedAt) {}

  sealed interface Shape permits Circle, Square, Group {}

  record Circle(double radius) implements Shape {}

  record Square(double side) implements Shape {}

  record Group(List<Shape> members, Op op) implements Shape {}

  record Primitives(boolean z, byte b, char c, short s, int i, long l, float f, double d) {}

  record Arrays0(
      byte[] bytes,
      int[] ints,
      long[] longs,
      double[] doubles,
      boolean[] flags,
      char[] chars,
      Integer[] boxed,
      String[] strings,
      Line[] lines) {}

  record Nullable(String text, Line line, Integer boxed, List<String> list) {}

  static final class Money {
    private long cents;
    private String currency;

    Money() {}

    Money(long cents, String currency) {
      this.cents = cents;
      this.currency = currency;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Money m && m.cents == cents && m.currency.equals(currency);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(cents);
    }
  }

  record Priced(Money money) {}

  private final Serializer serializer =
      Serialization.kryo(
          TypeRegistry.builder()
              .register(Order.class)
              .register(Shape.class)
              .register(Primitives.class)
              .register(Arrays0.class)
              .register(Nullable.class)
              .register(Priced.class)
              .build());

  private <T> T roundTrip(T value) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) value.getClass();
    return serializer.fromBytes(serializer.toBytes(value), type);
  }

  private Object roundTripAny(Object value) {
    return serializer.fromBytes(serializer.toBytes(value));
  }

  @Test
  void nestedRecordsRoundTrip() {
    Line a = new Line("a", 2, new BigDecimal("9.99"));
    Line b = new Line("b", 1, BigDecimal.ONE);
    Order order =
        new Order(
            UUID.randomUUID(),
            new Customer("Ada", Optional.of("ada@example.org")),
            List.of(a, b),
            Map.of("a", a, "b", b),
            Status.OPEN,
            Instant.parse("2024-05-01T10:15:30Z"));
    assertEquals(order, roundTrip(order));
  }

  @Test
  void sealedHierarchyRoundTripsThroughItsInterface() {
    Shape shape =
        new Group(List.of(new Circle(1.5), new Square(2), new Group(List.of(), Op.SUB)), Op.ADD);
    Shape back = serializer.fromBytes(serializer.toBytes(shape), Shape.class);
    assertEquals(shape, back);
    assertEquals(5, ((Group) back).op().apply(2, 3));
  }

  @Test
  void enumsRoundTripAsTheSameConstant() {
    assertEquals(Status.CLOSED, roundTrip(Status.CLOSED));
    assertEquals(Op.SUB, serializer.fromBytes(serializer.toBytes(Op.SUB), Op.class));
  }

  @Test
  void primitivesAndBoxesRoundTrip() {
    Primitives p =
        new Primitives(true, (byte) -3, 'λ', (short) 300, -7, Long.MAX_VALUE, 1.5f, Math.PI);
    assertEquals(p, roundTrip(p));
    for (Object value : List.of(42, -1L, 'x', (short) 2, (byte) 1, 2.5f, 0.1d, true, "héllo")) {
      assertEquals(value, roundTripAny(value));
    }
    assertEquals(42, serializer.fromBytes(serializer.toBytes(42), int.class));
  }

  @Test
  void arraysRoundTrip() {
    Line line = new Line("x", 1, BigDecimal.TEN);
    Arrays0 arrays =
        new Arrays0(
            new byte[] {1, -2, 3},
            new int[] {Integer.MIN_VALUE, 0, 7},
            new long[] {-1L},
            new double[] {0.5},
            new boolean[] {true, false},
            "hé".toCharArray(),
            new Integer[] {1, null, 3},
            new String[] {"a", null},
            new Line[] {line});
    Arrays0 back = roundTrip(arrays);
    assertArrayEquals(arrays.bytes(), back.bytes());
    assertArrayEquals(arrays.ints(), back.ints());
    assertArrayEquals(arrays.longs(), back.longs());
    assertArrayEquals(arrays.doubles(), back.doubles());
    assertArrayEquals(arrays.flags(), back.flags());
    assertArrayEquals(arrays.chars(), back.chars());
    assertArrayEquals(arrays.boxed(), back.boxed());
    assertArrayEquals(arrays.strings(), back.strings());
    assertArrayEquals(arrays.lines(), back.lines());
    assertArrayEquals(new byte[] {9, 8}, (byte[]) roundTripAny(new byte[] {9, 8}));
  }

  @Test
  void nullComponentsAndNullValuesRoundTrip() {
    Nullable allNull = new Nullable(null, null, null, null);
    assertEquals(allNull, roundTrip(allNull));
    assertNull(serializer.fromBytes(serializer.toBytes(null)));
    assertNull(serializer.fromBytes(serializer.toBytes(null), Line.class));
  }

  @Test
  void mutableCollectionsRoundTripAsTheirOwnClass() {
    Line line = new Line("l", 1, BigDecimal.ZERO);
    List<Object> values =
        List.of(
            new ArrayList<>(List.of(1, 2)),
            new LinkedList<>(List.of("a")),
            new HashSet<>(Set.of(line)),
            new LinkedHashSet<>(List.of(3, 1, 2)),
            new TreeSet<>(List.of("b", "a")),
            new HashMap<>(Map.of("k", line)),
            new LinkedHashMap<>(Map.of(1, "one")),
            new TreeMap<>(Map.of("z", 1, "a", 2)));
    for (Object value : values) {
      Object back = roundTripAny(value);
      assertEquals(value, back);
      assertEquals(value.getClass(), back.getClass());
    }
    ArrayDeque<String> deque = new ArrayDeque<>(List.of("x", "y"));
    ArrayDeque<?> back = (ArrayDeque<?>) roundTripAny(deque);
    assertEquals(List.copyOf(deque), List.copyOf(back));
    assertEquals(
        new ArrayList<>(List.of("b", "a")),
        new ArrayList<>((LinkedHashSet<?>) roundTripAny(new LinkedHashSet<>(List.of("b", "a")))));
  }

  @Test
  void immutableCollectionsReadBackAsEqualUnmodifiableCollections() {
    List<Object> values =
        List.of(
            List.of(),
            List.of(1),
            List.of(1, 2, 3),
            Set.of("a", "b", "c"),
            Map.of("a", 1),
            Map.of(),
            Collections.emptyList(),
            Collections.singletonList("s"),
            Collections.singleton(2),
            Collections.singletonMap("k", "v"),
            Collections.unmodifiableList(new ArrayList<>(List.of(4, 5))),
            Collections.unmodifiableSet(new HashSet<>(Set.of(6))),
            Collections.unmodifiableMap(new HashMap<>(Map.of(7, 8))),
            Arrays.asList(1, 2),
            Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(3, 1))),
            Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(2, "b", 1, "a"))),
            java.util.stream.Stream.of(1, 2).toList());
    for (Object value : values) {
      Object back = roundTripAny(value);
      assertEquals(value, back, value.getClass().getName());
      if (back instanceof List<?> list) {
        assertThrows(UnsupportedOperationException.class, () -> list.add(null));
      } else if (back instanceof Set<?> set) {
        assertThrows(UnsupportedOperationException.class, () -> set.add(null));
      } else {
        assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) back).clear());
      }
    }
    List<String> withNull = Collections.unmodifiableList(Arrays.asList("a", null));
    assertEquals(withNull, roundTripAny(withNull));
  }

  @Test
  void optionalRoundTrips() {
    assertEquals(Optional.of(List.of(1)), roundTripAny(Optional.of(List.of(1))));
    assertEquals(Optional.empty(), roundTripAny(Optional.empty()));
    Customer customer = new Customer("Bo", Optional.empty());
    assertEquals(customer, roundTrip(customer));
  }

  @Test
  void javaTimeValuesRoundTrip() {
    List<Object> values =
        List.of(
            Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
            Duration.ofMillis(1500),
            LocalDate.of(2024, 2, 29),
            LocalTime.of(23, 59, 58, 1),
            LocalDateTime.of(2024, 1, 2, 3, 4, 5),
            OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(2)),
            ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
            ZoneOffset.ofHoursMinutes(-3, -30),
            ZoneId.of("America/New_York"),
            Period.of(1, 2, 3));
    for (Object value : values) {
      assertEquals(value, roundTripAny(value), value.getClass().getName());
    }
  }

  @Test
  void bigNumbersAndUuidsRoundTrip() {
    for (Object value :
        List.of(
            new BigDecimal("-12345678901234567890.000123"),
            new BigInteger("123456789012345678901234567890"),
            UUID.randomUUID())) {
      assertEquals(value, roundTripAny(value));
    }
  }

  @Test
  void plainClassWithNoArgConstructorRoundTrips() {
    Priced priced = new Priced(new Money(1999, "EUR"));
    assertEquals(priced, roundTrip(priced));
  }

  @Test
  void formatVersionIsOneAndBytesStartWithTheHeader() {
    byte[] bytes = serializer.toBytes("x");
    assertEquals(1, serializer.formatVersion());
    assertEquals((byte) 0xC7, bytes[0]);
    assertEquals(1, bytes[1]);
    assertInstanceOf(String.class, serializer.fromBytes(bytes));
  }
}
