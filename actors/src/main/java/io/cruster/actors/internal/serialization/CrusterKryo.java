package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import io.cruster.actors.SerializationException;

/**
 * A Kryo that requires registration, keeps no references (values are trees; a cycle through a
 * mutable collection fails at {@link Limits#MAX_DEPTH}), and refuses an unregistered class with a
 * {@link SerializationException} that says how to register it. Configured by {@link KryoPlan}.
 *
 * <p>Not thread-safe (no Kryo is): used by one thread at a time through the serializer's pool.
 */
final class CrusterKryo extends Kryo {
  private final StableClassResolver resolver;

  CrusterKryo(StableClassResolver resolver) {
    super(resolver, null);
    this.resolver = resolver;
    setRegistrationRequired(true);
    setReferences(false);
    setMaxDepth(Limits.MAX_DEPTH);
  }

  StableClassResolver resolver() {
    return resolver;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Registration getRegistration(Class type) {
    Registration registration = getClassResolver().getRegistration(type);
    if (registration != null) {
      return registration;
    }
    Class<?> superclass = type.getSuperclass();
    if (!type.isEnum() && superclass != null && superclass.isEnum()) {
      registration = getClassResolver().getRegistration(superclass); // an enum constant with a body
      if (registration != null) {
        return registration;
      }
    }
    throw unregistered(type);
  }

  static SerializationException unregistered(Class<?> type) {
    String source = type.getCanonicalName() != null ? type.getCanonicalName() : type.getName();
    return new SerializationException(
        "class "
            + type.getName()
            + " is not registered for"
            + " serialization; allow it with TypeRegistry.builder().register("
            + source
            + ".class)"
            + " (or register a record, sealed type or class that reaches it)");
  }
}
