package io.cruster.actors;

import io.cruster.actors.internal.serialization.BuiltinTypes;
import io.cruster.actors.internal.serialization.StableHash;
import io.cruster.actors.internal.serialization.TypeGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The allowlist of classes a {@link io.cruster.actors.spi.Serializer} may write and read: nothing
 * outside it is ever instantiated from bytes.
 *
 * <p>Every allowed class has a <em>stable name</em> and a <em>stable id</em>. The name defaults to
 * {@link Class#getName()}; an explicit name ({@link Builder#register(Class, String)}) lets a class
 * be renamed or moved without breaking bytes already stored. The id, which is what the bytes carry,
 * is {@link #idOf(String) derived from the name} — never from registration order — so any JVM that
 * registers the same names reads the same bytes.
 *
 * <p>Registering a record also allows, transitively, the types reachable through its components
 * (generic arguments such as {@code List<Line>} or {@code Map<String, Item>}, {@code Optional<X>},
 * arrays, enums, nested records); registering a sealed type allows its permitted subclasses. A
 * plain class is allowed if it has a no-arg constructor (its fields are walked too). These JDK
 * types are always allowed under fixed names: primitives and their boxes, {@code String}, primitive
 * and boxed arrays, {@code BigDecimal}, {@code BigInteger}, {@code UUID}, {@code Optional}, {@code
 * java.time} values ({@code Instant}, {@code Duration}, {@code LocalDate}, {@code LocalTime},
 * {@code LocalDateTime}, {@code OffsetDateTime}, {@code OffsetTime}, {@code ZonedDateTime}, {@code
 * ZoneOffset}, region {@code ZoneId}s, {@code Period}, {@code Year}, {@code YearMonth}, {@code
 * MonthDay}, {@code DayOfWeek}, {@code Month}), {@code ArrayList}, {@code LinkedList}, {@code
 * ArrayDeque}, {@code HashSet}, {@code LinkedHashSet}, {@code TreeSet}, {@code HashMap}, {@code
 * LinkedHashMap}, {@code TreeMap} (the sorted ones in natural order only), and the immutable
 * families ({@code List.of}, {@code Set.of}, {@code Map.of}, {@code List.copyOf}, {@code
 * Stream.toList()}, {@code Arrays.asList}, {@code Collections.unmodifiable*}, {@code empty*},
 * {@code singleton*}). An immutable collection is written as its elements and read back as an
 * unmodifiable {@code List}, {@code Set}, {@code Map} (or sorted set/map) of the same content and
 * iteration order — equal to the original, but not necessarily of the same class.
 *
 * <p>Immutable and thread-safe.
 */
public final class TypeRegistry {
  private final Map<Class<?>, String> registered;
  private final Map<Class<?>, String> explicitNames;

  private TypeRegistry(Map<Class<?>, String> registered, Map<Class<?>, String> explicitNames) {
    this.registered = Collections.unmodifiableMap(registered);
    this.explicitNames = Map.copyOf(explicitNames);
  }

  /** A builder holding only the always-allowed JDK types. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The stable id of a stable name: 32-bit FNV-1a over the name's UTF-8 bytes (offset basis {@code
   * 0x811C9DC5}, prime {@code 0x01000193}). Fixed forever: stored bytes depend on it.
   */
  public static int idOf(String stableName) {
    return StableHash.fnv1a32(Objects.requireNonNull(stableName, "stableName"));
  }

  /** Whether values of exactly this class may be written and read. */
  public boolean contains(Class<?> type) {
    return stableName(type).isPresent();
  }

  /** The stable name of an allowed class, or empty when the class is not allowed. */
  public Optional<String> stableName(Class<?> type) {
    Class<?> key = enumOf(Objects.requireNonNull(type, "type"));
    String name = registered.get(key);
    if (name != null) {
      return Optional.of(name);
    }
    return BuiltinTypes.of(key).map(BuiltinTypes.Builtin::name);
  }

  /** The stable id of an allowed class ({@link #idOf(String) derived from its name}), or empty. */
  public OptionalInt stableId(Class<?> type) {
    Optional<String> name = stableName(type);
    return name.isPresent() ? OptionalInt.of(idOf(name.get())) : OptionalInt.empty();
  }

  /**
   * The classes registered through builders (explicitly or transitively) with their stable names,
   * in registration order; the always-allowed JDK types are not listed.
   */
  public Map<Class<?>, String> registeredTypes() {
    return registered;
  }

  @Override
  public String toString() {
    return "TypeRegistry" + registered.values();
  }

  private static Class<?> enumOf(Class<?> type) {
    if (Enum.class.isAssignableFrom(type)
        && !type.isEnum()
        && type.getSuperclass() != null
        && type.getSuperclass().isEnum()) {
      return type.getSuperclass(); // the body class of an enum constant
    }
    return type;
  }

  /**
   * Collects the classes of a {@link TypeRegistry}. Validation happens in {@link #build()}. Not
   * thread-safe: build on one thread, then share the immutable registry.
   */
  public static final class Builder {
    private final Map<Class<?>, String> explicitNames = new LinkedHashMap<>();
    private final Set<Class<?>> implicit = new LinkedHashSet<>();
    private final List<String> errors = new ArrayList<>();

    private Builder() {}

    /**
     * Allows {@code type} under the stable name {@link Class#getName()}, with everything reachable
     * from it (see {@link TypeRegistry}). Registering a class twice is harmless.
     */
    public Builder register(Class<?> type) {
      implicit.add(Objects.requireNonNull(type, "type"));
      return this;
    }

    /**
     * Allows {@code type} under an explicit stable name, with everything reachable from it. Use
     * this for classes whose name or package may change: bytes carry the name's id, not the class.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public Builder register(Class<?> type, String stableName) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(stableName, "stableName");
      if (stableName.isBlank()) {
        throw new IllegalArgumentException("blank stable name for " + type.getName());
      }
      String previous = explicitNames.putIfAbsent(type, stableName);
      if (previous != null && !previous.equals(stableName)) {
        errors.add(twoNames(type, previous, stableName));
      }
      return this;
    }

    /** Adds every class of {@code other}, keeping its explicit stable names. */
    public Builder registerAll(TypeRegistry other) {
      Objects.requireNonNull(other, "other");
      other
          .registered
          .keySet()
          .forEach(
              type -> {
                String name = other.explicitNames.get(type);
                if (name != null) {
                  register(type, name);
                } else {
                  register(type);
                }
              });
      return this;
    }

    /**
     * The immutable registry.
     *
     * @throws IllegalArgumentException naming both sides when a class has two stable names, a name
     *     is used for two classes, two names hash to the same id, or a reachable type cannot be
     *     serialized (a JDK class that is not built in, a plain class without a no-arg constructor)
     */
    public TypeRegistry build() {
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", errors));
      }
      Set<Class<?>> roots = new LinkedHashSet<>(explicitNames.keySet());
      roots.addAll(implicit);
      Map<Class<?>, String> names = new LinkedHashMap<>();
      for (Class<?> type : TypeGraph.closure(List.copyOf(roots))) {
        names.put(type, nameOf(type));
      }
      for (Map.Entry<Class<?>, String> e : explicitNames.entrySet()) {
        BuiltinTypes.of(e.getKey())
            .filter(b -> !b.name().equals(e.getValue()))
            .ifPresent(
                b -> {
                  throw new IllegalArgumentException(
                      twoNames(e.getKey(), b.name(), e.getValue())
                          + " (it is always allowed under its built-in name)");
                });
      }
      checkUnique(names);
      Map<Class<?>, String> explicit = new HashMap<>(explicitNames);
      explicit.keySet().retainAll(names.keySet());
      return new TypeRegistry(names, explicit);
    }

    private String nameOf(Class<?> type) {
      String explicit = explicitNames.get(type);
      if (explicit != null) {
        return explicit;
      }
      Optional<BuiltinTypes.Builtin> builtin = BuiltinTypes.of(type);
      if (builtin.isPresent()) {
        return builtin.get().name();
      }
      return type.isArray() ? nameOf(type.getComponentType()) + "[]" : type.getName();
    }

    private static void checkUnique(Map<Class<?>, String> names) {
      Map<String, Class<?>> byName = new HashMap<>();
      Map<Integer, String> byId = new HashMap<>();
      for (BuiltinTypes.Builtin b : BuiltinTypes.all()) {
        byName.put(b.name(), b.type());
        byId.put(idOf(b.name()), b.name());
      }
      for (Map.Entry<Class<?>, String> e : names.entrySet()) {
        String name = e.getValue();
        Class<?> other = byName.putIfAbsent(name, e.getKey());
        if (other != null) {
          throw new IllegalArgumentException(
              "stable name '"
                  + name
                  + "' is used for two classes: "
                  + other.getName()
                  + " and "
                  + e.getKey().getName());
        }
        int id = idOf(name);
        if (id == 0) {
          throw new IllegalArgumentException(
              "stable name '"
                  + name
                  + "' of "
                  + e.getKey().getName()
                  + " hashes to id 0, which is reserved for null; register it under another name");
        }
        String clash = byId.putIfAbsent(id, name);
        if (clash != null) {
          throw new IllegalArgumentException(
              "stable names '"
                  + clash
                  + "' ("
                  + byName.get(clash).getName()
                  + ") and '"
                  + name
                  + "' ("
                  + e.getKey().getName()
                  + ") hash to the same type id "
                  + StableHash.describe(id)
                  + "; register one of them under another stable name");
        }
      }
    }

    private static String twoNames(Class<?> type, String first, String second) {
      return "class "
          + type.getName()
          + " is registered under two stable names: '"
          + first
          + "' and '"
          + second
          + "'";
    }
  }
}
