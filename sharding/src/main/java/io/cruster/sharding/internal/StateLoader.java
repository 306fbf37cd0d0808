package io.cruster.sharding.internal;

import io.cruster.actors.SerializationException;
import io.cruster.actors.spi.Serializer;
import io.cruster.persistence.spi.StoredState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads an entity's committed state on activation: the stored bytes if any, else {@code init}; each
 * composed trait likewise. A stored state that does not decode fails the activation with the
 * serializer's exception: it is never silently replaced by {@code init}.
 */
final class StateLoader {
  private StateLoader() {}

  static Snapshot load(EntityInstance instance) {
    EntityModel<Object> model = instance.type.model();
    Serializer serializer = model.serializer();
    Optional<StoredState> stored = instance.runtime.storage().states().load(instance.address);
    RpcContextImpl ctx = new RpcContextImpl(instance, null, new Snapshot(null, Map.of(), 0));
    try {
      Object state =
          stored.isPresent()
              ? read(
                  instance,
                  serializer,
                  stored.get().state(),
                  model.stateClass(),
                  stored.get().version())
              : model.init().init(ctx);
      Map<String, Object> traits = new HashMap<>();
      for (TraitModel<?> t : model.traits()) {
        byte[] bytes = stored.map(s -> s.traits().get(t.name())).orElse(null);
        traits.put(
            t.name(),
            bytes != null
                ? read(instance, serializer, bytes, t.stateClass(), stored.get().version())
                : t.init().init(ctx));
      }
      if (state == null) {
        throw new IllegalStateException(
            instance.address + ": init returned null; it must return the initial state");
      }
      return new Snapshot(state, Map.copyOf(traits), stored.map(StoredState::version).orElse(0L));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new io.cruster.sharding.EntityException(
          instance.address + " init", e.getClass().getName(), String.valueOf(e.getMessage()));
    }
  }

  /**
   * Reads stored state; a failure names the entity, the type and the stored version (and never
   * falls back to init).
   */
  private static <T> T read(
      EntityInstance instance, Serializer serializer, byte[] bytes, Class<T> type, long version) {
    try {
      return serializer.fromBytes(bytes, type);
    } catch (SerializationException e) {
      throw new SerializationException(
          instance.address
              + ": the stored state (version "
              + version
              + ") does not read as "
              + type.getName()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
