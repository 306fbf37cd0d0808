package io.cruster.sharding;

import io.cruster.sharding.internal.HandlerSpec;
import io.cruster.sharding.internal.MessageKind;
import io.cruster.sharding.internal.Models;
import io.cruster.sharding.internal.TraitModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reusable protocol with its own persisted state, composed into many entity types with {@link
 * EntityType.Builder#with(EntityTrait)}. Its handlers see the trait's state; its state is saved
 * with the entity's, atomically. Its public messages are callable on the entity's client; protected
 * ones from the entity's workflows and activities. Immutable and thread-safe once built.
 *
 * @param <S> the trait's state type
 */
public final class EntityTrait<S> {
  static {
    Models.bind(t -> t.model, t -> t.model);
  }

  final TraitModel<S> model;

  private EntityTrait(TraitModel<S> model) {
    this.model = model;
  }

  /** Starts defining a trait named {@code name} with state of class {@code stateClass}. */
  public static <S> Builder<S> define(String name, Class<S> stateClass) {
    return new Builder<>(name, stateClass);
  }

  /** The trait's name, unique among the traits of an entity type. */
  public String name() {
    return model.name();
  }

  /** The class of the trait's state. */
  public Class<S> stateClass() {
    return model.stateClass();
  }

  @Override
  public String toString() {
    return "EntityTrait[" + name() + "]";
  }

  /** Defines a trait; see {@link EntityType.Builder} for the handler kinds. Not thread-safe. */
  public static final class Builder<S> {
    private final String name;
    private final Class<S> stateClass;
    private final List<HandlerSpec> handlers = new ArrayList<>();
    private StateInit<S> init;

    private Builder(String name, Class<S> stateClass) {
      this.name = name;
      this.stateClass = stateClass;
    }

    /** How to create the trait's state for an entity that has none stored. Required. */
    public Builder<S> init(StateInit<S> init) {
      this.init = Objects.requireNonNull(init, "init");
      return this;
    }

    public <R, M extends Rpc<R>> Builder<S> rpc(Class<M> type, RpcHandler<S, M, R> handler) {
      handlers.add(new HandlerSpec(type, MessageKind.RPC, handler));
      return this;
    }

    public <R, M extends Activity<R>> Builder<S> activity(
        Class<M> type, ActivityHandler<S, M, R> handler) {
      handlers.add(new HandlerSpec(type, MessageKind.ACTIVITY, handler));
      return this;
    }

    public <R, M extends Workflow<R>> Builder<S> workflow(
        Class<M> type, WorkflowHandler<S, M, R> handler) {
      handlers.add(new HandlerSpec(type, MessageKind.WORKFLOW, handler));
      return this;
    }

    public <T, M extends StreamRpc<T>> Builder<S> stream(
        Class<M> type, StreamHandler<S, M, T> handler) {
      handlers.add(new HandlerSpec(type, MessageKind.STREAM, handler));
      return this;
    }

    /**
     * Validates and builds the trait.
     *
     * @throws EntityDefinitionException naming the trait, the message and the rule broken
     */
    public EntityTrait<S> build() {
      return new EntityTrait<>(TraitModel.compile(name, stateClass, init, handlers));
    }
  }
}
