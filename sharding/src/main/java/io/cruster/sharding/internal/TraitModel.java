package io.cruster.sharding.internal;

import io.cruster.sharding.EntityDefinitionException;
import io.cruster.sharding.StateInit;
import java.util.List;
import java.util.Objects;

/** A validated trait: its name, state, init and handlers. Immutable. */
public record TraitModel<S>(
    String name, Class<S> stateClass, StateInit<S> init, List<HandlerSpec> specs) {

  public static <S> TraitModel<S> compile(
      String name, Class<S> stateClass, StateInit<S> init, List<HandlerSpec> specs) {
    HandlerCompiler.checkName("trait", name);
    Objects.requireNonNull(stateClass, "stateClass");
    if (init == null) {
      throw new EntityDefinitionException(
          "trait " + name + ": no init; call init(ctx -> initial state)");
    }
    TraitModel<S> model = new TraitModel<>(name, stateClass, init, List.copyOf(specs));
    HandlerCompiler.compile(
        "trait " + name,
        model.specs,
        model); // validates now; the entity type compiles again with its own context
    return model;
  }
}
