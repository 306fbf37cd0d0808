package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.cruster.actors.SerializationException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes an enum constant by {@link Enum#name()}, so constants may be reordered or added without
 * breaking stored bytes; a renamed or removed constant fails clearly on read. The name table is
 * built once; stateless afterwards and thread-safe (shared by every Kryo of a serializer).
 */
final class EnumNameSerializer extends Serializer<Enum<?>> {
  private final Class<?> type;
  private final Map<String, Enum<?>> byName = new HashMap<>();

  EnumNameSerializer(Class<?> type) {
    super(false, true);
    this.type = type;
    for (Object constant : type.getEnumConstants()) {
      Enum<?> e = (Enum<?>) constant;
      byName.put(e.name(), e);
    }
  }

  @Override
  public void write(Kryo kryo, Output output, Enum<?> value) {
    output.writeString(value.name());
  }

  @Override
  public Enum<?> read(Kryo kryo, Input input, Class<? extends Enum<?>> ignored) {
    String name = input.readString();
    Enum<?> constant = name == null ? null : byName.get(name);
    if (constant == null) {
      throw new SerializationException(
          "enum "
              + type.getName()
              + " has no constant '"
              + name
              + "' (renamed or removed?); its constants are "
              + byName.keySet());
    }
    return constant;
  }
}
