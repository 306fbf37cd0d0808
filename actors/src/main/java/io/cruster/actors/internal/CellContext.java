package io.cruster.actors.internal;

import io.cruster.actors.ActorContext;
import io.cruster.actors.ActorRef;
import io.cruster.actors.ActorSystem;
import io.cruster.actors.Behavior;
import io.cruster.actors.Cancellable;
import io.cruster.actors.InvalidActorNameException;
import io.cruster.actors.Props;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * A cell as its actor sees it: the {@link ActorContext} operations (spawn, watch, ask, timers,
 * logging). The interpretation of messages, signals and failures lives in {@link Interpreter}.
 * Every method here runs on the actor's own thread unless it says otherwise.
 */
public final class CellContext<T> extends Interpreter<T> implements ActorContext<T> {
  static final String MDC_KEY = "cruster.actor";

  CellContext(ActorSystemImpl<?> system, ActorCell<?> parent, String name, int capacity) {
    super(system, parent, name, capacity);
  }

  @Override
  public ActorRef<T> self() {
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public ActorSystem<Void> system() {
    return (ActorSystem<Void>) system;
  }

  @Override
  public <U> ActorRef<U> spawn(Behavior<U> behavior, String childName) {
    return spawn(behavior, childName, Props.defaults());
  }

  @Override
  public <U> ActorRef<U> spawn(Behavior<U> behavior, String childName, Props props) {
    validateName(childName);
    return spawnChild(behavior, childName, props);
  }

  @Override
  public <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior) {
    return spawnAnonymous(behavior, Props.defaults());
  }

  @Override
  public <U> ActorRef<U> spawnAnonymous(Behavior<U> behavior, Props props) {
    return spawnChild(behavior, "$" + Integer.toString(extras().anonymous++, 36), props);
  }

  /** Creates and starts a child. Thread-safe (also used for spawns from outside, under /system). */
  final <U> CellContext<U> spawnChild(Behavior<U> behavior, String childName, Props props) {
    Objects.requireNonNull(behavior, "behavior");
    Objects.requireNonNull(props, "props");
    int cap =
        props.mailboxCapacity() == 0
            ? system.settings().mailboxCapacity()
            : props.mailboxCapacity();
    CellContext<U> child = new CellContext<>(system, this, childName, cap);
    CellExtras x = extras();
    if (x.children.putIfAbsent(childName, child) != null) {
      throw new InvalidActorNameException(
          "actor name [" + childName + "] is not unique under " + path());
    }
    if (state != RUNNING) {
      x.children.remove(childName, child);
      throw new IllegalStateException(path() + " is stopping: cannot spawn [" + childName + "]");
    }
    child.init(behavior);
    return child;
  }

  static void validateName(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidActorNameException("actor name must not be empty");
    }
    if (name.charAt(0) == '$') {
      throw new InvalidActorNameException(
          "actor name [" + name + "] must not start with '$' (reserved for anonymous actors)");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '#' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new InvalidActorNameException(
            "actor name [" + name + "] contains an illegal character '" + c + "'");
      }
    }
  }

  @Override
  public void stop(ActorRef<?> child) {
    ActorCell<?> c = CellExtras.cellOf(child);
    if (c.parent != this) {
      throw new IllegalArgumentException(
          child.path()
              + " is not a child of "
              + path()
              + "; only a parent can stop an actor (or the actor itself, by returning Behaviors.stopped())");
    }
    c.sendSystem(SystemMessage.Stop.INSTANCE);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Collection<ActorRef<Void>> children() {
    CellExtras x = extrasIfPresent();
    if (x == null) {
      return List.of();
    }
    List<ActorRef<Void>> out = new ArrayList<>(x.children.size());
    for (ActorCell<?> c : x.children.values()) {
      out.add((ActorRef<Void>) c);
    }
    return out;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<ActorRef<Void>> child(String childName) {
    CellExtras x = extrasIfPresent();
    return x == null
        ? Optional.empty()
        : Optional.ofNullable((ActorRef<Void>) x.children.get(childName));
  }

  @Override
  public void watch(ActorRef<?> other) {
    watchWithMessage(other, CellExtras.SIGNAL);
  }

  @Override
  public void watchWith(ActorRef<?> other, T message) {
    watchWithMessage(other, Objects.requireNonNull(message, "message"));
  }

  private void watchWithMessage(ActorRef<?> other, Object how) {
    ActorCell<?> c = CellExtras.cellOf(Objects.requireNonNull(other, "other"));
    if (c == this) {
      return;
    }
    extras().watching().put(c, how);
    c.sendSystem(new SystemMessage.Watch(this));
  }

  @Override
  public void unwatch(ActorRef<?> other) {
    ActorCell<?> c = CellExtras.cellOf(Objects.requireNonNull(other, "other"));
    CellExtras x = extrasIfPresent();
    if (x != null && x.watching != null && x.watching.remove(c) != null) {
      c.sendSystem(new SystemMessage.Unwatch(this));
    }
  }

  @Override
  public <Req, Res> void ask(
      Class<Res> responseClass,
      ActorRef<Req> target,
      Duration timeout,
      Function<ActorRef<Res>, Req> createRequest,
      BiFunction<Res, Throwable, T> applyToResponse) {
    Objects.requireNonNull(responseClass, "responseClass");
    Objects.requireNonNull(applyToResponse, "applyToResponse");
    CompletableFuture<Res> reply = PromiseRef.ask(system, target, createRequest, timeout, true);
    pipeToSelf(reply, applyToResponse);
  }

  @Override
  public <V> void pipeToSelf(CompletionStage<V> future, BiFunction<V, Throwable, T> applyToResult) {
    Objects.requireNonNull(applyToResult, "applyToResult");
    future.whenComplete((v, e) -> offer(new Adapted.Result<>(v, e, applyToResult), false));
  }

  @Override
  public <U> ActorRef<U> messageAdapter(Class<U> messageClass, Function<U, T> adapter) {
    return new AdapterRef<>(
        this,
        Objects.requireNonNull(messageClass, "messageClass"),
        Objects.requireNonNull(adapter, "adapter"));
  }

  @Override
  public <U> Cancellable scheduleOnce(Duration delay, ActorRef<U> target, U message) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(message, "message");
    return system.scheduler().schedule(delay, () -> system.tellQuietly(target, message));
  }

  @Override
  public Logger log() {
    if (!mdcSet) {
      MDC.put(MDC_KEY, path().toString());
      mdcSet = true;
    }
    return system.actorLog;
  }
}
