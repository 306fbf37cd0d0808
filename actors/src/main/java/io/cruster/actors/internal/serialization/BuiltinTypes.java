package io.cruster.actors.internal.serialization;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
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

/**
 * The JDK types every {@code TypeRegistry} allows, each under a fixed stable name. Several JDK
 * classes may share one entry (its aliases): the many private classes behind {@code List.of},
 * {@code Collections.unmodifiableList}, {@code emptyList}... are one logical "immutable list",
 * written as its elements and read back as an unmodifiable list. Primitives share the entry of
 * their box.
 *
 * <p>Kryo-free (the serializer for each entry is chosen by {@code KryoPlan}). Immutable and
 * thread-safe.
 */
public final class BuiltinTypes {
  /** Logical name of the immutable list family. */
  public static final String IMMUTABLE_LIST = "cruster.ImmutableList";

  /** Logical name of the immutable set family. */
  public static final String IMMUTABLE_SET = "cruster.ImmutableSet";

  /** Logical name of the immutable map family. */
  public static final String IMMUTABLE_MAP = "cruster.ImmutableMap";

  /** Logical name of the unmodifiable sorted set family (natural order only). */
  public static final String IMMUTABLE_SORTED_SET = "cruster.ImmutableSortedSet";

  /** Logical name of the unmodifiable sorted map family (natural order only). */
  public static final String IMMUTABLE_SORTED_MAP = "cruster.ImmutableSortedMap";

  /**
   * One allowed JDK type: its stable name, the class registered for it, and the classes written as
   * it. Immutable.
   */
  public record Builtin(String name, Class<?> type, List<Class<?>> aliases) {}

  private static final List<Builtin> ALL = List.copyOf(table());
  private static final Map<Class<?>, Builtin> BY_CLASS = index();

  private BuiltinTypes() {}

  /** Every built-in entry, in a fixed order. */
  public static List<Builtin> all() {
    return ALL;
  }

  /**
   * The entry covering {@code type} (as its class, an alias or the primitive of its box), if any.
   */
  public static Optional<Builtin> of(Class<?> type) {
    return Optional.ofNullable(BY_CLASS.get(type));
  }

  private static List<Builtin> table() {
    List<Builtin> t = new ArrayList<>();
    Class<?>[][] boxes = {
      {Boolean.class, boolean.class}, {Byte.class, byte.class}, {Character.class, char.class},
      {Short.class, short.class}, {Integer.class, int.class}, {Long.class, long.class},
      {Float.class, float.class}, {Double.class, double.class}
    };
    for (Class<?>[] box : boxes) {
      t.add(new Builtin(box[0].getName(), box[0], List.of(box[1])));
    }
    for (Class<?> type :
        List.of(String.class, BigDecimal.class, BigInteger.class, UUID.class, Optional.class)) {
      t.add(plain(type));
    }
    for (Class<?> type :
        List.of(
            boolean[].class,
            byte[].class,
            char[].class,
            short[].class,
            int[].class,
            long[].class,
            float[].class,
            double[].class)) {
      t.add(new Builtin(type.getComponentType().getName() + "[]", type, List.of()));
    }
    for (Class<?> type :
        List.of(
            Object[].class,
            String[].class,
            Boolean[].class,
            Byte[].class,
            Character[].class,
            Short[].class,
            Integer[].class,
            Long[].class,
            Float[].class,
            Double[].class)) {
      t.add(new Builtin(type.getComponentType().getName() + "[]", type, List.of()));
    }
    for (Class<?> type :
        List.of(
            Instant.class,
            Duration.class,
            LocalDate.class,
            LocalTime.class,
            LocalDateTime.class,
            OffsetDateTime.class,
            OffsetTime.class,
            ZonedDateTime.class,
            ZoneOffset.class,
            Period.class,
            Year.class,
            YearMonth.class,
            MonthDay.class,
            DayOfWeek.class,
            Month.class)) {
      t.add(plain(type));
    }
    t.add(plain(ZoneId.of("Europe/Paris").getClass())); // java.time.ZoneRegion
    for (Class<?> type :
        List.of(
            ArrayList.class,
            LinkedList.class,
            ArrayDeque.class,
            HashSet.class,
            LinkedHashSet.class,
            TreeSet.class,
            HashMap.class,
            LinkedHashMap.class,
            TreeMap.class)) {
      t.add(plain(type));
    }
    t.add(
        family(
            IMMUTABLE_LIST,
            List.of(),
            List.of(1),
            List.of(1, 2, 3),
            Collections.unmodifiableList(new ArrayList<>()),
            Collections.unmodifiableList(new LinkedList<>()),
            Collections.unmodifiableCollection(new ArrayList<>()),
            Collections.emptyList(),
            Collections.singletonList(1),
            Arrays.asList(1),
            Collections.nCopies(1, 1)));
    t.add(
        family(
            IMMUTABLE_SET,
            Set.of(),
            Set.of(1),
            Set.of(1, 2, 3),
            Collections.unmodifiableSet(new HashSet<>()),
            Collections.emptySet(),
            Collections.singleton(1)));
    t.add(
        family(
            IMMUTABLE_MAP,
            Map.of(),
            Map.of(1, 1),
            Map.of(1, 1, 2, 2, 3, 3),
            Collections.unmodifiableMap(new HashMap<>()),
            Collections.emptyMap(),
            Collections.singletonMap(1, 1)));
    t.add(
        family(
            IMMUTABLE_SORTED_SET,
            Collections.unmodifiableNavigableSet(new TreeSet<>()),
            Collections.unmodifiableSortedSet(new TreeSet<>()),
            Collections.emptyNavigableSet(),
            Collections.emptySortedSet()));
    t.add(
        family(
            IMMUTABLE_SORTED_MAP,
            Collections.unmodifiableNavigableMap(new TreeMap<>()),
            Collections.unmodifiableSortedMap(new TreeMap<>()),
            Collections.emptyNavigableMap(),
            Collections.emptySortedMap()));
    return t;
  }

  private static Builtin plain(Class<?> type) {
    return new Builtin(type.getName(), type, List.of());
  }

  /** The first sample's class is the registered one; the other samples' classes are aliases. */
  private static Builtin family(String name, Object first, Object... samples) {
    Set<Class<?>> aliases = new LinkedHashSet<>();
    for (Object sample : samples) {
      aliases.add(sample.getClass());
    }
    aliases.remove(first.getClass());
    return new Builtin(name, first.getClass(), List.copyOf(aliases));
  }

  private static Map<Class<?>, Builtin> index() {
    Map<Class<?>, Builtin> byClass = new HashMap<>();
    Set<Integer> ids = new HashSet<>();
    for (Builtin b : ALL) {
      if (!ids.add(StableHash.fnv1a32(b.name())) || byClass.put(b.type(), b) != null) {
        throw new IllegalStateException("duplicate built-in type " + b.name());
      }
      for (Class<?> alias : b.aliases()) {
        byClass.put(alias, b);
      }
    }
    return Map.copyOf(byClass);
  }
}
