package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.OptionalSerializers;
import com.esotericsoftware.kryo.serializers.TimeSerializers;
import io.cruster.actors.TypeRegistry;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Everything needed to set up a Kryo for one {@link TypeRegistry}, computed once: for each allowed
 * class its stable id, its aliases and its serializer (record models are resolved here, by
 * reflection, once). {@link #newKryo()} then only registers. Shared serializers are stateless; only
 * Kryo's FieldSerializer (plain classes) is made per Kryo, after every other class is registered.
 * Immutable and thread-safe.
 */
final class KryoPlan {
  /** Kryo registers these itself (primitives with their boxes, and String). */
  private static final List<Class<?>> PREREGISTERED =
      List.of(
          Boolean.class,
          Byte.class,
          Character.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          String.class);

  private static final Map<Class<?>, Supplier<Serializer<?>>> JDK_VALUES =
      Map.ofEntries(
          Map.entry(BigDecimal.class, DefaultSerializers.BigDecimalSerializer::new),
          Map.entry(BigInteger.class, DefaultSerializers.BigIntegerSerializer::new),
          Map.entry(UUID.class, DefaultSerializers.UUIDSerializer::new),
          Map.entry(Optional.class, OptionalSerializers.OptionalSerializer::new),
          Map.entry(Instant.class, TimeSerializers.InstantSerializer::new),
          Map.entry(Duration.class, TimeSerializers.DurationSerializer::new),
          Map.entry(LocalDate.class, TimeSerializers.LocalDateSerializer::new),
          Map.entry(LocalTime.class, TimeSerializers.LocalTimeSerializer::new),
          Map.entry(LocalDateTime.class, TimeSerializers.LocalDateTimeSerializer::new),
          Map.entry(OffsetDateTime.class, TimeSerializers.OffsetDateTimeSerializer::new),
          Map.entry(OffsetTime.class, TimeSerializers.OffsetTimeSerializer::new),
          Map.entry(ZonedDateTime.class, TimeSerializers.ZonedDateTimeSerializer::new),
          Map.entry(ZoneOffset.class, TimeSerializers.ZoneOffsetSerializer::new),
          Map.entry(ZoneId.of("Europe/Paris").getClass(), TimeSerializers.ZoneIdSerializer::new),
          Map.entry(Period.class, TimeSerializers.PeriodSerializer::new),
          Map.entry(Year.class, TimeSerializers.YearSerializer::new),
          Map.entry(YearMonth.class, TimeSerializers.YearMonthSerializer::new),
          Map.entry(MonthDay.class, TimeSerializers.MonthDaySerializer::new),
          Map.entry(
              byte[].class,
              () ->
                  Limits.lengthChecked(
                      new DefaultArraySerializers.ByteArraySerializer(), byte[].class)),
          Map.entry(
              boolean[].class,
              () ->
                  Limits.lengthChecked(
                      new DefaultArraySerializers.BooleanArraySerializer(), boolean[].class)),
          Map.entry(
              char[].class,
              () ->
                  Limits.lengthChecked(
                      new DefaultArraySerializers.CharArraySerializer(), char[].class)),
          Map.entry(
              short[].class,
              () ->
                  Limits.lengthChecked(
                      new DefaultArraySerializers.ShortArraySerializer(), short[].class)),
          Map.entry(
              int[].class,
              () ->
                  Limits.lengthChecked(
                      new DefaultArraySerializers.IntArraySerializer(), int[].class)),
          Map.entry(
              long[].class,
              () ->
                  Limits.lengthChecked(
                      new DefaultArraySerializers.LongArraySerializer(), long[].class)),
          Map.entry(
              float[].class,
              () ->
                  Limits.lengthChecked(
                      new DefaultArraySerializers.FloatArraySerializer(), float[].class)),
          Map.entry(
              double[].class,
              () ->
                  Limits.lengthChecked(
                      new DefaultArraySerializers.DoubleArraySerializer(), double[].class)));

  /**
   * One class to register. {@code serializer} is null for a class Kryo pre-registers; {@code plain}
   * marks a class that gets a per-Kryo FieldSerializer.
   */
  private record Entry(
      Class<?> type, int id, List<Class<?>> aliases, Serializer<?> serializer, boolean plain) {}

  private final List<Entry> entries = new ArrayList<>();

  KryoPlan(TypeRegistry registry) {
    for (BuiltinTypes.Builtin b : BuiltinTypes.all()) {
      Serializer<?> serializer = PREREGISTERED.contains(b.type()) ? null : builtin(b);
      entries.add(new Entry(b.type(), TypeRegistry.idOf(b.name()), b.aliases(), serializer, false));
    }
    for (Map.Entry<Class<?>, String> e : registry.registeredTypes().entrySet()) {
      Class<?> type = e.getKey();
      int id = TypeRegistry.idOf(e.getValue());
      if (type.isArray()) {
        entries.add(new Entry(type, id, List.of(), ObjectArraySerializer.INSTANCE, false));
      } else if (type.isEnum()) {
        entries.add(new Entry(type, id, List.of(), new EnumNameSerializer(type), false));
      } else if (type.isRecord()) {
        entries.add(
            new Entry(type, id, List.of(), new RecordSerializer(RecordModel.of(type)), false));
      } else if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
        entries.add(new Entry(type, id, List.of(), null, true));
      } // interfaces and abstract classes are never instantiated: nothing to register
    }
  }

  /** A Kryo that knows exactly the plan's classes, by their stable ids. */
  Kryo newKryo() {
    StableClassResolver resolver = new StableClassResolver();
    CrusterKryo kryo = new CrusterKryo(resolver);
    for (Entry entry : entries) {
      if (!entry.plain()) {
        Registration registration =
            entry.serializer() == null
                ? resolver.getRegistration(entry.type())
                : kryo.register(entry.type(), entry.serializer());
        bind(resolver, entry, registration);
      }
    }
    for (Entry entry : entries) {
      if (entry.plain()) {
        bind(
            resolver,
            entry,
            kryo.register(entry.type(), new FieldSerializer<>(kryo, entry.type())));
      }
    }
    return kryo;
  }

  private static void bind(StableClassResolver resolver, Entry entry, Registration registration) {
    resolver.bind(entry.id(), registration);
    for (Class<?> alias : entry.aliases()) {
      resolver.alias(alias, registration);
    }
  }

  private static Serializer<?> builtin(BuiltinTypes.Builtin b) {
    if (b.type().isEnum()) {
      return new EnumNameSerializer(b.type());
    }
    if (b.type().isArray() && !b.type().getComponentType().isPrimitive()) {
      return ObjectArraySerializer.INSTANCE;
    }
    Serializer<?> collection = CollectionSerializers.forBuiltin(b.name());
    if (collection != null) {
      return collection;
    }
    Supplier<Serializer<?>> value = JDK_VALUES.get(b.type());
    if (value == null) {
      throw new IllegalStateException("no serializer for built-in type " + b.name());
    }
    return value.get();
  }
}
