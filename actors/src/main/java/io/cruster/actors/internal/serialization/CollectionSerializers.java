package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.cruster.actors.SerializationException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Serializers for the JDK collections a registry always allows. A collection is its size then each
 * element with its type id (a map: key then value). Mutable kinds come back as the same class; the
 * immutable families come back unmodifiable, keeping content and iteration order ({@code
 * List.copyOf} when the list holds no null). Sorted collections are supported in natural order
 * only. Every serializer is stateless and thread-safe.
 */
final class CollectionSerializers {
  private CollectionSerializers() {}

  /** The serializer for a built-in collection or map entry, or null if {@code name} is not one. */
  static Serializer<?> forBuiltin(String name) {
    return switch (name) {
      case "java.util.ArrayList" -> collection(ArrayList::new, Function.identity(), false);
      case "java.util.LinkedList" ->
          collection(n -> new LinkedList<>(), Function.identity(), false);
      case "java.util.ArrayDeque" -> collection(ArrayDeque::new, Function.identity(), false);
      case "java.util.HashSet" -> collection(HashSet::newHashSet, Function.identity(), false);
      case "java.util.LinkedHashSet" ->
          collection(LinkedHashSet::newLinkedHashSet, Function.identity(), false);
      case "java.util.TreeSet" -> collection(n -> new TreeSet<>(), Function.identity(), true);
      case BuiltinTypes.IMMUTABLE_LIST ->
          collection(ArrayList::new, CollectionSerializers::immutableList, false);
      case BuiltinTypes.IMMUTABLE_SET ->
          collection(
              LinkedHashSet::newLinkedHashSet,
              c -> Collections.unmodifiableSet((LinkedHashSet<Object>) c),
              false);
      case BuiltinTypes.IMMUTABLE_SORTED_SET ->
          collection(
              n -> new TreeSet<>(),
              c -> Collections.unmodifiableNavigableSet((TreeSet<Object>) c),
              true);
      case "java.util.HashMap" -> map(HashMap::newHashMap, Function.identity(), false);
      case "java.util.LinkedHashMap" ->
          map(LinkedHashMap::newLinkedHashMap, Function.identity(), false);
      case "java.util.TreeMap" -> map(n -> new TreeMap<>(), Function.identity(), true);
      case BuiltinTypes.IMMUTABLE_MAP ->
          map(LinkedHashMap::newLinkedHashMap, Collections::unmodifiableMap, false);
      case BuiltinTypes.IMMUTABLE_SORTED_MAP ->
          map(
              n -> new TreeMap<>(),
              m -> Collections.unmodifiableNavigableMap((TreeMap<Object, Object>) m),
              true);
      default -> null;
    };
  }

  private static Collection<Object> immutableList(Collection<Object> list) {
    return list.contains(null)
        ? Collections.unmodifiableList((List<Object>) list)
        : List.copyOf(list);
  }

  private static Serializer<Collection<Object>> collection(
      IntFunction<? extends Collection<Object>> factory,
      Function<Collection<Object>, Collection<Object>> finish,
      boolean sorted) {
    return new Serializer<>(false, false) {
      @Override
      public void write(Kryo kryo, Output output, Collection<Object> collection) {
        if (sorted) {
          requireNaturalOrder(((SortedSet<?>) collection).comparator() != null, collection);
        }
        output.writeVarInt(collection.size(), true);
        for (Object element : collection) {
          kryo.writeClassAndObject(output, element);
        }
      }

      @Override
      public Collection<Object> read(
          Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
        int size = Limits.readCount(input, Limits.MIN_VALUE_BYTES, type);
        Collection<Object> collection = factory.apply(size);
        for (int i = 0; i < size; i++) {
          collection.add(kryo.readClassAndObject(input));
        }
        return finish.apply(collection);
      }
    };
  }

  private static Serializer<Map<Object, Object>> map(
      IntFunction<? extends Map<Object, Object>> factory,
      Function<Map<Object, Object>, Map<Object, Object>> finish,
      boolean sorted) {
    return new Serializer<>(false, false) {
      @Override
      public void write(Kryo kryo, Output output, Map<Object, Object> map) {
        if (sorted) {
          requireNaturalOrder(((SortedMap<?, ?>) map).comparator() != null, map);
        }
        output.writeVarInt(map.size(), true);
        for (Map.Entry<Object, Object> entry : map.entrySet()) {
          kryo.writeClassAndObject(output, entry.getKey());
          kryo.writeClassAndObject(output, entry.getValue());
        }
      }

      @Override
      public Map<Object, Object> read(
          Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
        int size = Limits.readCount(input, 2 * Limits.MIN_VALUE_BYTES, type);
        Map<Object, Object> map = factory.apply(size);
        for (int i = 0; i < size; i++) {
          Object key = kryo.readClassAndObject(input);
          map.put(key, kryo.readClassAndObject(input));
        }
        return finish.apply(map);
      }
    };
  }

  private static void requireNaturalOrder(boolean hasComparator, Object collection) {
    if (hasComparator) {
      throw new SerializationException(
          "a sorted "
              + collection.getClass().getName()
              + " with a custom comparator cannot be serialized (comparators are code, not data);"
              + " only natural ordering is supported");
    }
  }
}
