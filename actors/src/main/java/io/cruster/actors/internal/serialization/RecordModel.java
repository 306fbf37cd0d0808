package io.cruster.actors.internal.serialization;

import io.cruster.actors.SerializationException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * What the record serializer needs to know about one record class, resolved once by reflection when
 * a serializer is created (never per message): component names and their FNV-1a ids, the raw
 * component types, accessor handles, the canonical constructor's handle, and the value each
 * component takes when the bytes lack it. Immutable and thread-safe.
 */
final class RecordModel {
  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
  private static final MethodType CREATOR = MethodType.methodType(Object.class, Object[].class);

  final Class<?> type;
  private final String[] names;
  private final int[] ids;
  private final Class<?>[] types;
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;
  private final Object[] defaults;

  private RecordModel(Class<?> type) {
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    int n = components.length;
    names = new String[n];
    ids = new int[n];
    types = new Class<?>[n];
    accessors = new MethodHandle[n];
    defaults = new Object[n];
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      for (int i = 0; i < n; i++) {
        RecordComponent c = components[i];
        names[i] = c.getName();
        ids[i] = StableHash.fnv1a32(c.getName());
        types[i] = c.getType();
        defaults[i] = defaultValue(c.getType());
        Method accessor = c.getAccessor();
        accessor.setAccessible(true);
        accessors[i] = lookup.unreflect(accessor).asType(GETTER);
        for (int j = 0; j < i; j++) {
          if (ids[j] == ids[i]) {
            throw new IllegalArgumentException(
                "record "
                    + type.getName()
                    + ": components '"
                    + names[j]
                    + "' and '"
                    + names[i]
                    + "' have the same FNV-1a id; rename one");
          }
        }
      }
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      constructor =
          lookup.unreflectConstructor(canonical).asSpreader(Object[].class, n).asType(CREATOR);
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "record "
              + type.getName()
              + " cannot be serialized: "
              + e
              + " (if it lives in a named module, open its package to Cruster)",
          e);
    }
  }

  static RecordModel of(Class<?> type) {
    return new RecordModel(type);
  }

  int size() {
    return names.length;
  }

  int id(int index) {
    return ids[index];
  }

  String name(int index) {
    return names[index];
  }

  /** The index of the component with this id, or -1 when the record has no such component. */
  int indexOf(int id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }

  /** A fresh array of the values of components absent from the bytes. */
  Object[] defaults() {
    return defaults.clone();
  }

  Object get(Object record, int index) {
    try {
      return (Object) accessors[index].invokeExact(record);
    } catch (Throwable t) {
      throw new SerializationException(
          "accessor " + type.getName() + "." + names[index] + "() failed: " + t, t);
    }
  }

  /** Checks a decoded value against the component's type; null in a primitive takes the default. */
  Object fit(int index, Object value) {
    Class<?> expected = types[index];
    if (value == null) {
      return expected.isPrimitive() ? defaults[index] : null;
    }
    if (!box(expected).isInstance(value)) {
      throw new SerializationException(
          "record "
              + type.getName()
              + ", component '"
              + names[index]
              + "': the bytes hold a "
              + value.getClass().getName()
              + ", which does not fit its type "
              + expected.getName());
    }
    return value;
  }

  /** Runs the canonical constructor, so compact-constructor defaults and validation apply. */
  Object construct(Object[] args) {
    try {
      return (Object) constructor.invokeExact(args);
    } catch (Throwable t) {
      throw new SerializationException(
          "record " + type.getName() + " rejected the decoded values: " + t, t);
    }
  }

  static Class<?> box(Class<?> type) {
    return type.isPrimitive() ? MethodType.methodType(type).wrap().returnType() : type;
  }

  private static Object defaultValue(Class<?> type) {
    if (type.isPrimitive()) {
      return zero(type);
    }
    if (type == List.class || type == Collection.class) {
      return List.of();
    } else if (type == Set.class) {
      return Set.of();
    } else if (type == SortedSet.class || type == NavigableSet.class) {
      return Collections.emptyNavigableSet();
    } else if (type == Map.class) {
      return Map.of();
    } else if (type == SortedMap.class || type == NavigableMap.class) {
      return Collections.emptyNavigableMap();
    } else if (type == Optional.class) {
      return Optional.empty();
    }
    return null;
  }

  private static Object zero(Class<?> primitive) {
    try {
      return MethodHandles.zero(primitive).asType(MethodType.methodType(Object.class)).invoke();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
