package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.cruster.actors.SerializationException;

/**
 * Guards against bytes that declare more content than they hold: a count read from the stream must
 * fit in the bytes left (at {@link #MIN_VALUE_BYTES} per value written with its type id), so a
 * forged size can never make the reader allocate more than a small multiple of its input. Stateless
 * and thread-safe.
 */
final class Limits {
  /** A value written with {@code writeClassAndObject} takes at least its 4-byte type id. */
  static final int MIN_VALUE_BYTES = 4;

  /** Deepest nesting of values (records in lists in maps...) read or written. */
  static final int MAX_DEPTH = 512;

  private Limits() {}

  /** Reads a varint count and checks it against the remaining bytes. */
  static int readCount(Input input, int minBytesEach, Class<?> of) {
    int count = input.readVarInt(true);
    long needed = (long) count * minBytesEach;
    if (count < 0 || needed > input.limit() - input.position()) {
      throw new SerializationException(
          "malformed bytes: a "
              + of.getTypeName()
              + " declares "
              + count
              + " entries but only "
              + (input.limit() - input.position())
              + " bytes are left");
    }
    return count;
  }

  /**
   * Wraps one of Kryo's primitive-array serializers (which write {@code length + 1} as a varint and
   * allocate before reading) with a length check: every element takes at least one byte.
   */
  static <T> Serializer<T> lengthChecked(Serializer<T> delegate, Class<T> type) {
    return new Serializer<T>(false, false) {
      @Override
      public void write(Kryo kryo, Output output, T value) {
        delegate.write(kryo, output, value);
      }

      @Override
      public T read(Kryo kryo, Input input, Class<? extends T> actual) {
        int start = input.position();
        int lengthPlusOne = input.readVarInt(true);
        input.setPosition(start);
        if (lengthPlusOne < 1 || lengthPlusOne - 1 > input.limit() - start) {
          throw new SerializationException(
              "malformed bytes: a "
                  + type.getSimpleName()
                  + " declares "
                  + (lengthPlusOne - 1)
                  + " elements but only "
                  + (input.limit() - start)
                  + " bytes are left");
        }
        return delegate.read(kryo, input, actual);
      }
    };
  }
}
