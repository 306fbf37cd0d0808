package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.IntMap;
import io.cruster.actors.SerializationException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes a class as the 4-byte stable id of its registry name (id 0 is null), never as Kryo's
 * sequential registration id nor as a class name; reads an id back only through the table built
 * from the registry, so bytes naming an unknown id fail before any class is loaded or instantiated.
 * Kryo's own registration ids exist but never reach the bytes.
 *
 * <p>One per Kryo instance, filled once when the Kryo is set up; not thread-safe, like Kryo.
 */
final class StableClassResolver extends DefaultClassResolver {
  static final int NULL_ID = 0;

  private final Map<Class<?>, Integer> idByType = new IdentityHashMap<>();
  private final IntMap<Registration> byId = new IntMap<>();

  /** Makes {@code registration} travel as {@code stableId}. */
  void bind(int stableId, Registration registration) {
    idByType.put(registration.getType(), stableId);
    byId.put(stableId, registration);
  }

  /**
   * Makes values of {@code alias} written as {@code registration} (e.g. List12 as immutable list).
   */
  void alias(Class<?> alias, Registration registration) {
    classToRegistration.put(alias, registration);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Registration writeClass(Output output, Class type) {
    if (type == null) {
      output.writeInt(NULL_ID);
      return null;
    }
    Registration registration = kryo.getRegistration(type);
    Integer id = idByType.get(registration.getType());
    if (id == null) {
      throw CrusterKryo.unregistered(type);
    }
    output.writeInt(id);
    return registration;
  }

  @Override
  public Registration readClass(Input input) {
    int id = input.readInt();
    if (id == NULL_ID) {
      return null;
    }
    Registration registration = byId.get(id);
    if (registration == null) {
      throw new SerializationException(
          "the bytes name type id "
              + StableHash.describe(id)
              + ", which is not registered in this TypeRegistry; nothing was loaded or created."
              + " Register the class under the stable name it was written with to read them");
    }
    return registration;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Registration registerImplicit(Class type) {
    throw CrusterKryo.unregistered(type);
  }
}
