package io.cruster.sharding.internal;

import io.cruster.actors.Serialization;
import io.cruster.actors.TypeRegistry;
import io.cruster.actors.spi.Serializer;
import io.cruster.sharding.EntityDefinitionException;
import io.cruster.sharding.StateInit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated entity type: handlers by message class and by tag (its own and its traits'), the
 * serializer that allows exactly its state, trait states, messages, replies and registered extras,
 * and its options. Immutable.
 */
public final class EntityModel<S> {
  private final String name;
  private final Class<S> stateClass;
  private final StateInit<S> init;
  private final List<TraitModel<?>> traits;
  private final Map<Class<?>, HandlerDef> byClass;
  private final Map<String, HandlerDef> byTag;
  private final Serializer serializer;
  private final EntityOptions<S> options;

  private EntityModel(
      String name,
      Class<S> stateClass,
      StateInit<S> init,
      List<TraitModel<?>> traits,
      Map<Class<?>, HandlerDef> byClass,
      Map<String, HandlerDef> byTag,
      Serializer serializer,
      EntityOptions<S> options) {
    this.name = name;
    this.stateClass = stateClass;
    this.init = init;
    this.traits = traits;
    this.byClass = byClass;
    this.byTag = byTag;
    this.serializer = serializer;
    this.options = options;
  }

  public static <S> EntityModel<S> compile(
      String name,
      Class<S> stateClass,
      StateInit<S> init,
      List<HandlerSpec> specs,
      List<TraitModel<?>> traits,
      List<Class<?>> extraTypes,
      Map<Class<?>, String> stableNames,
      EntityOptions<S> options) {
    HandlerCompiler.checkName("entity type", name);
    String where = "entity type " + name;
    if (stateClass == null) {
      throw new EntityDefinitionException(where + ": no state class");
    }
    if (init == null) {
      throw new EntityDefinitionException(where + ": no init; call init(ctx -> initial state)");
    }
    if (options.mailboxCapacity() < 0) {
      throw new EntityDefinitionException(
          where
              + ": mailbox capacity must be >= 1 (or 0 for the cluster default), was "
              + options.mailboxCapacity());
    }
    options
        .maxIdleTime()
        .ifPresent(
            d -> {
              if (d.isNegative() || d.isZero()) {
                throw new EntityDefinitionException(
                    where + ": maxIdleTime must be positive, was " + d);
              }
            });
    HandlerCompiler.checkName("shard group", options.shardGroup());
    List<HandlerDef> defs = new ArrayList<>(HandlerCompiler.compile(where, specs, null));
    Set<String> traitNames = new HashSet<>();
    for (TraitModel<?> t : traits) {
      if (!traitNames.add(t.name())) {
        throw new EntityDefinitionException(where + ": trait " + t.name() + " is composed twice");
      }
      defs.addAll(HandlerCompiler.compile(where + " (trait " + t.name() + ")", t.specs(), t));
    }
    Map<Class<?>, HandlerDef> byClass = new HashMap<>();
    Map<String, HandlerDef> byTag = new HashMap<>();
    for (HandlerDef d : defs) {
      HandlerDef before = byClass.putIfAbsent(d.messageClass(), d);
      if (before != null) {
        throw new EntityDefinitionException(
            where
                + ", message "
                + d.messageClass().getName()
                + ": more than one handler (declared by "
                + before.owner(name)
                + " and "
                + d.owner(name)
                + ")");
      }
      before = byTag.putIfAbsent(d.tag(), d);
      if (before != null) {
        throw new EntityDefinitionException(
            where
                + ": tag ["
                + d.tag()
                + "] is used by both "
                + before.messageClass().getName()
                + " and "
                + d.messageClass().getName()
                + "; give one of them a @Tag");
      }
    }
    Serializer serializer = serializer(where, stateClass, traits, defs, extraTypes, stableNames);
    return new EntityModel<>(
        name,
        stateClass,
        init,
        List.copyOf(traits),
        Map.copyOf(byClass),
        Map.copyOf(byTag),
        serializer,
        options);
  }

  private static Serializer serializer(
      String where,
      Class<?> stateClass,
      List<TraitModel<?>> traits,
      List<HandlerDef> defs,
      List<Class<?>> extras,
      Map<Class<?>, String> stableNames) {
    TypeRegistry.Builder b = TypeRegistry.builder().registerAll(RuntimeTypes.REGISTRY);
    String current = "state " + stateClass.getName();
    try {
      b.register(stateClass);
      for (TraitModel<?> t : traits) {
        current = "trait " + t.name() + " state " + t.stateClass().getName();
        b.register(t.stateClass());
      }
      for (HandlerDef d : defs) {
        current = "message " + d.messageClass().getName();
        b.register(d.messageClass());
        if (d.replyType() != Void.class) {
          current =
              "reply " + d.replyType().getName() + " of message " + d.messageClass().getName();
          b.register(d.replyType());
        }
      }
      for (Class<?> c : extras) {
        current = "registered type " + c.getName();
        b.register(c);
      }
      for (Map.Entry<Class<?>, String> named : stableNames.entrySet()) {
        current = "stable name " + named.getValue() + " of " + named.getKey().getName();
        b.register(named.getKey(), named.getValue());
      }
      current = "its types";
      return Serialization.kryo(b.build());
    } catch (IllegalArgumentException e) {
      throw new EntityDefinitionException(
          where + ", " + current + ": not serializable: " + e.getMessage());
    }
  }

  public String name() {
    return name;
  }

  public Class<S> stateClass() {
    return stateClass;
  }

  public StateInit<S> init() {
    return init;
  }

  public List<TraitModel<?>> traits() {
    return traits;
  }

  public Optional<HandlerDef> handler(Class<?> messageClass) {
    return Optional.ofNullable(byClass.get(messageClass));
  }

  public Optional<HandlerDef> handler(String tag) {
    return Optional.ofNullable(byTag.get(tag));
  }

  public Serializer serializer() {
    return serializer;
  }

  public EntityOptions<S> options() {
    return options;
  }
}
