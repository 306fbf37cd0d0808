package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.cruster.actors.SerializationException;
import java.lang.reflect.Array;

/**
 * Object arrays ({@code Line[]}, {@code Integer[]}...): length, then each element with its type id.
 * The declared length is checked against the bytes left before anything is allocated, and each
 * element against the array's component type. Stateless and thread-safe.
 */
final class ObjectArraySerializer extends Serializer<Object[]> {
  static final ObjectArraySerializer INSTANCE = new ObjectArraySerializer();

  private ObjectArraySerializer() {
    super(false, false);
  }

  @Override
  public void write(Kryo kryo, Output output, Object[] array) {
    output.writeVarInt(array.length, true);
    for (Object element : array) {
      kryo.writeClassAndObject(output, element);
    }
  }

  @Override
  public Object[] read(Kryo kryo, Input input, Class<? extends Object[]> type) {
    int length = Limits.readCount(input, Limits.MIN_VALUE_BYTES, type);
    Class<?> component = type.getComponentType();
    Object[] array = (Object[]) Array.newInstance(component, length);
    for (int i = 0; i < length; i++) {
      Object element = kryo.readClassAndObject(input);
      if (element != null && !component.isInstance(element)) {
        throw new SerializationException(
            "an array of "
                + component.getName()
                + " holds a "
                + element.getClass().getName()
                + " at index "
                + i);
      }
      array[i] = element;
    }
    return array;
  }
}
