package io.cruster.sharding;

import io.cruster.sharding.internal.EntityModel;
import io.cruster.sharding.internal.EntityOptions;
import io.cruster.sharding.internal.HandlerSpec;
import io.cruster.sharding.internal.MessageKind;
import io.cruster.sharding.internal.Models;
import io.cruster.sharding.internal.TraitModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An entity type: its name, state, handlers and options; the identity of an entity's kind in the
 * cluster. Define it once, as a constant:
 *
 * <pre>{@code
 * public static final EntityType<CounterState> TYPE = EntityType.define("Counter", CounterState.class)
 *     .init(ctx -> new CounterState(0))
 *     .activity(Increment.class, (ctx, m) -> {
 *       ctx.setState(new CounterState(ctx.state().count() + m.amount()));
 *       return ctx.state().count();
 *     })
 *     .rpc(GetCount.class, (ctx, m) -> ctx.state().count())
 *     .build();
 * }</pre>
 *
 * Everything is checked once, in {@link Builder#build()}. Immutable and thread-safe once built.
 *
 * @param <S> the state type
 */
public final class EntityType<S> {
  static {
    Models.bind(t -> t.model, t -> t.model);
  }

  final EntityModel<S> model;

  private EntityType(EntityModel<S> model) {
    this.model = model;
  }

  /** Starts defining an entity type named {@code name} whose state is a {@code stateClass}. */
  public static <S> Builder<S> define(String name, Class<S> stateClass) {
    return new Builder<>(name, stateClass);
  }

  /** The type's name, unique in a cluster. */
  public String name() {
    return model.name();
  }

  /** The class of the state. */
  public Class<S> stateClass() {
    return model.stateClass();
  }

  @Override
  public String toString() {
    return "EntityType[" + name() + "]";
  }

  /** Defines an entity type. Not thread-safe. */
  public static final class Builder<S> {
    private final String name;
    private final Class<S> stateClass;
    private final List<HandlerSpec> handlers = new ArrayList<>();
    private final List<TraitModel<?>> traits = new ArrayList<>();
    private final List<Class<?>> extraTypes = new ArrayList<>();
    private final java.util.Map<Class<?>, String> stableNames = new java.util.LinkedHashMap<>();
    private StateInit<S> init;
    private Duration maxIdleTime;
    private int mailboxCapacity;
    private String shardGroup = EntityOptions.DEFAULT_SHARD_GROUP;
    private RetryPolicy workflowRetry = RetryPolicy.DEFAULT;
    private PassivationVeto<S> veto;

    private Builder(String name, Class<S> stateClass) {
      this.name = name;
      this.stateClass = stateClass;
    }

    /** How to create the state of an entity that has none stored. Required. */
    public Builder<S> init(StateInit<S> init) {
      this.init = Objects.requireNonNull(init, "init");
      return this;
    }

    /**
     * Handles rpc {@code type}: reads the last committed state, runs concurrently with everything.
     */
    public <R, M extends Rpc<R>> Builder<S> rpc(Class<M> type, RpcHandler<S, M, R> handler) {
      handlers.add(new HandlerSpec(type, MessageKind.RPC, handler));
      return this;
    }

    /** Handles activity {@code type}: exclusive, its state changes and result commit atomically. */
    public <R, M extends Activity<R>> Builder<S> activity(
        Class<M> type, ActivityHandler<S, M, R> handler) {
      handlers.add(new HandlerSpec(type, MessageKind.ACTIVITY, handler));
      return this;
    }

    /** Handles workflow {@code type}: durable, journaled sequential code. */
    public <R, M extends Workflow<R>> Builder<S> workflow(
        Class<M> type, WorkflowHandler<S, M, R> handler) {
      handlers.add(new HandlerSpec(type, MessageKind.WORKFLOW, handler));
      return this;
    }

    /** Handles stream rpc {@code type}: emits chunks to the caller. */
    public <T, M extends StreamRpc<T>> Builder<S> stream(
        Class<M> type, StreamHandler<S, M, T> handler) {
      handlers.add(new HandlerSpec(type, MessageKind.STREAM, handler));
      return this;
    }

    /** Composes a trait: its messages and state become part of this type. */
    public Builder<S> with(EntityTrait<?> trait) {
      traits.add(Objects.requireNonNull(trait, "trait").model);
      return this;
    }

    /**
     * Passivate entities idle this long (default: the cluster's {@code entityMaxIdleTime}, 60 s).
     */
    public Builder<S> maxIdleTime(Duration idle) {
      this.maxIdleTime = Objects.requireNonNull(idle, "idle");
      return this;
    }

    /** Bound of each entity's queue of waiting requests (default: the cluster's, 100). */
    public Builder<S> mailboxCapacity(int capacity) {
      this.mailboxCapacity = capacity;
      return this;
    }

    /** The shard group whose shards host this type (default {@code "default"}). */
    public Builder<S> shardGroup(String group) {
      this.shardGroup = Objects.requireNonNull(group, "group");
      return this;
    }

    /** How failing workflows are retried (default {@link RetryPolicy#DEFAULT}). */
    public Builder<S> workflowRetry(RetryPolicy policy) {
      this.workflowRetry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Asked before passivating an idle entity; may keep it in memory. */
    public Builder<S> passivationVeto(PassivationVeto<S> veto) {
      this.veto = Objects.requireNonNull(veto, "veto");
      return this;
    }

    /**
     * Allows more classes in messages, replies and state than the ones reachable from their record
     * components (for instance the implementations of an interface-typed component).
     */
    public Builder<S> register(Class<?>... types) {
      extraTypes.addAll(List.of(types));
      return this;
    }

    /**
     * Gives a class an explicit stable name in stored and wire bytes (by default its binary class
     * name), so it can be renamed or moved without breaking the bytes written before: register the
     * new class under the old name. Applies to the state, trait states, messages, replies and
     * registered types alike.
     */
    public Builder<S> register(Class<?> type, String stableName) {
      stableNames.put(
          Objects.requireNonNull(type, "type"), Objects.requireNonNull(stableName, "stableName"));
      return this;
    }

    /**
     * Validates and builds the type.
     *
     * @throws EntityDefinitionException naming the type, the message and the rule broken
     */
    public EntityType<S> build() {
      EntityOptions<S> options =
          new EntityOptions<>(
              Optional.ofNullable(maxIdleTime),
              mailboxCapacity,
              shardGroup,
              workflowRetry,
              Optional.ofNullable(veto));
      return new EntityType<>(
          EntityModel.compile(
              name, stateClass, init, handlers, traits, extraTypes, stableNames, options));
    }
  }
}
