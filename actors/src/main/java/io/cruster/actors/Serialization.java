package io.cruster.actors;

import io.cruster.actors.internal.serialization.KryoSerializer;
import io.cruster.actors.spi.Serializer;

/** Factories for the {@link Serializer}s Cruster ships. Thread-safe (stateless). */
public final class Serialization {
  private Serialization() {}

  /**
   * The default serializer: Kryo, allowing exactly the classes of {@code registry}. Bytes start
   * with a magic byte and a format version; each value carries its type's stable id. Records may
   * gain components (read as their defaults: null, zero, false, or an empty List/Set/Map/Optional)
   * or lose them (skipped) and still read old bytes; enums are written by constant name.
   *
   * <p>The returned serializer is thread-safe and meant to be shared; creating it resolves the
   * records' reflection once, so create one per registry, not per message. Nesting is limited to
   * 512 levels; {@code null} round-trips as {@code null}.
   *
   * @throws IllegalArgumentException if a registered record cannot be reflected on (for example a
   *     record in a named module that does not open its package)
   */
  public static Serializer kryo(TypeRegistry registry) {
    return new KryoSerializer(registry);
  }
}
