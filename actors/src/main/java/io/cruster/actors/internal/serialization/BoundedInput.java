package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo {@link Input} over a byte array that refuses lengths larger than the bytes left before
 * allocating for them: Kryo's own {@code readString} and {@code readBytes} would allocate whatever
 * a forged length asks for. One per pooled Kryo; not thread-safe, like any Input.
 */
final class BoundedInput extends Input {
  BoundedInput() {
    super(new byte[0]);
  }

  @Override
  public String readString() {
    if (readVarIntFlag()) { // UTF-8 with a char count (ASCII strings end at their last byte)
      int start = position;
      int charCountPlusOne = readVarIntFlag(true);
      position = start;
      if (charCountPlusOne < 0 || charCountPlusOne - 1 > limit - start) {
        throw new KryoException(
            "string of "
                + (charCountPlusOne - 1)
                + " characters is longer than the "
                + (limit - start)
                + " bytes left");
      }
    }
    return super.readString();
  }

  @Override
  public byte[] readBytes(int length) {
    if (length < 0 || length > limit - position) {
      throw new KryoException(
          length + " bytes declared but only " + (limit - position) + " are left");
    }
    return super.readBytes(length);
  }
}
