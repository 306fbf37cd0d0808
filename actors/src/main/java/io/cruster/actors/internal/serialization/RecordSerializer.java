package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.cruster.actors.SerializationException;

/**
 * Records, in a layout that survives evolution:
 *
 * <pre>
 *   varint  component count
 *   per component:
 *     int32  FNV-1a 32 of the component's name (little-endian, as every Kryo int32)
 *     int32  length of the value chunk in bytes
 *     bytes  the value, with its type id (Kryo writeClassAndObject)
 * </pre>
 *
 * On read, components are matched by name id: one the bytes lack takes its default (null, zero,
 * false; an empty List/Set/Map/Optional), one the record no longer has is skipped by its length, a
 * value that does not fit the component's type fails naming record, component and both types. Then
 * the canonical constructor runs, so compact-constructor defaults and validation apply. Each chunk
 * is read with the input's limit set to its end, so a malformed value cannot read past it.
 *
 * <p>Stateless beyond its immutable {@link RecordModel}; thread-safe and shared by every Kryo of a
 * serializer.
 */
final class RecordSerializer extends Serializer<Object> {
  private static final int MIN_COMPONENT_BYTES = 8;

  private final RecordModel model;

  RecordSerializer(RecordModel model) {
    super(false, true);
    this.model = model;
  }

  @Override
  public void write(Kryo kryo, Output output, Object record) {
    int n = model.size();
    output.writeVarInt(n, true);
    for (int i = 0; i < n; i++) {
      output.writeInt(model.id(i));
      int lengthAt = output.position();
      output.writeInt(0); // patched below, once the chunk's length is known
      kryo.writeClassAndObject(output, model.get(record, i));
      int end = output.position();
      output.setPosition(lengthAt);
      output.writeInt(end - lengthAt - Integer.BYTES);
      output.setPosition(end);
    }
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    int count = Limits.readCount(input, MIN_COMPONENT_BYTES, model.type);
    Object[] args = model.defaults();
    for (int c = 0; c < count; c++) {
      int id = input.readInt();
      int length = input.readInt();
      int limit = input.limit();
      if (length < 0 || length > limit - input.position()) {
        throw new SerializationException(
            "malformed bytes: record "
                + model.type.getName()
                + " has a component chunk of "
                + length
                + " bytes, but only "
                + (limit - input.position())
                + " are left");
      }
      int end = input.position() + length;
      int index = model.indexOf(id);
      if (index < 0) {
        input.setPosition(end); // a component this version of the record no longer has
        continue;
      }
      args[index] = model.fit(index, readChunk(kryo, input, index, end, limit));
    }
    return model.construct(args);
  }

  private Object readChunk(Kryo kryo, Input input, int index, int end, int limit) {
    input.setLimit(end);
    try {
      Object value = kryo.readClassAndObject(input);
      if (input.position() != end) {
        throw new SerializationException(
            "malformed bytes: record "
                + model.type.getName()
                + ", component '"
                + model.name(index)
                + "' did not use its whole chunk");
      }
      return value;
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new SerializationException(
          "malformed bytes in record "
              + model.type.getName()
              + ", component '"
              + model.name(index)
              + "': "
              + e.getMessage(),
          e);
    } finally {
      input.setLimit(limit);
    }
  }
}
