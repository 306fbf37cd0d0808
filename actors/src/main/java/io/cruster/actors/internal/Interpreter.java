package io.cruster.actors.internal;

import io.cruster.actors.Behavior;
import io.cruster.actors.ChildFailed;
import io.cruster.actors.DeadLetter;
import io.cruster.actors.DeathPactException;
import io.cruster.actors.PostStop;
import io.cruster.actors.PreRestart;
import io.cruster.actors.Signal;
import io.cruster.actors.SupervisorStrategy;
import io.cruster.actors.Terminated;
import io.cruster.actors.internal.behavior.Deferred;
import io.cruster.actors.internal.behavior.Receive;
import io.cruster.actors.internal.behavior.Special;
import io.cruster.actors.internal.behavior.Supervise;
import io.cruster.actors.internal.behavior.WithStash;
import io.cruster.actors.internal.behavior.WithTimers;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * Runs an actor's behavior: starts it, hands it messages and signals, applies what it returns, and
 * carries out supervision (resume, restart, backoff, stop) and the stop sequence (children first,
 * then {@link PostStop}, then watchers and parent). Everything here runs on the actor's own thread.
 */
abstract class Interpreter<T> extends ActorCell<T> {
  Behavior<T> behavior;
  boolean mdcSet;
  private boolean starting;

  Interpreter(ActorSystemImpl<?> system, ActorCell<?> parent, String name, int capacity) {
    super(system, parent, name, capacity);
  }

  @SuppressWarnings("unchecked")
  private CellContext<T> ctx() {
    return (CellContext<T>) this;
  }

  /** Installs the initial behavior: at once if it runs no user code, else on the actor's thread. */
  final void init(Behavior<T> initial) {
    Behavior<T> b = initial;
    while (b instanceof Supervise<T> s) {
      b = s.behavior();
    }
    behavior = initial;
    if (b instanceof Deferred || b instanceof WithTimers || b instanceof WithStash) {
      sendSystem(SystemMessage.Start.INSTANCE);
    } else {
      try {
        behavior = start(initial);
      } catch (Exception e) {
        throw new IllegalStateException(e); // unreachable: no user code ran
      }
    }
  }

  // ---- messages

  @Override
  final void deliver(Object message) {
    if (state != RUNNING) {
      system.deadLetter(message, this, DeadLetter.Reason.RECIPIENT_STOPPED);
      return;
    }
    CellExtras x = extrasIfPresent();
    if (x != null && x.supervision != null && x.supervision.backoffBuffer != null) {
      bufferDuringBackoff(x.supervision, message);
      return;
    }
    try {
      Object m = message instanceof InternalMessage im ? im.unwrap(this) : message;
      if (m != null) {
        apply(interpret(behavior, m), m);
      }
    } catch (Throwable t) {
      onFailure(t);
    } finally {
      if (mdcSet) {
        MDC.remove(CellContext.MDC_KEY);
        mdcSet = false;
      }
    }
  }

  private void apply(Behavior<T> next, Object message) throws Exception {
    if (next instanceof Special<T> s) {
      switch (s.kind) {
        case SAME:
          return;
        case UNHANDLED:
          system.deadLetter(message, this, DeadLetter.Reason.UNHANDLED);
          return;
        case STOPPED:
          beginStop(null);
          return;
        default:
          break;
      }
    }
    become(next);
  }

  private void become(Behavior<T> next) throws Exception {
    Behavior<T> started = start(next);
    if (Special.is(started, Special.Kind.STOPPED)) {
      beginStop(null);
    } else {
      behavior = started;
    }
  }

  /**
   * Runs the start-up wrappers (setup, timers, stash, supervise) down to a behavior that handles
   * messages.
   */
  final Behavior<T> start(Behavior<T> b) throws Exception {
    while (true) {
      Objects.requireNonNull(b, "a behavior factory returned null");
      if (b instanceof Deferred<T> d) {
        b = d.factory().apply(ctx());
      } else if (b instanceof Supervise<T> s) {
        extras().supervision().add(s);
        b = s.behavior();
      } else if (b instanceof WithTimers<T> w) {
        b = w.factory().apply(timers());
      } else if (b instanceof WithStash<T> w) {
        b = w.factory().apply(new StashBufferImpl<>(w.capacity(), ctx()));
      } else if (Special.is(b, Special.Kind.SAME) || Special.is(b, Special.Kind.UNHANDLED)) {
        throw new IllegalStateException(
            path() + ": a setup factory must return a behavior, not " + b);
      } else {
        return b;
      }
    }
  }

  /** Lets {@code b} handle {@code message}; returns its directive or next behavior. */
  final Behavior<T> interpret(Behavior<T> b, Object message) throws Exception {
    if (b instanceof Receive<T> r) {
      Behavior<T> next = r.receive(ctx(), message);
      return next == null ? Special.unhandled() : next;
    }
    return Special.is(b, Special.Kind.IGNORE) ? Special.same() : Special.unhandled();
  }

  @SuppressWarnings("unchecked")
  final TimerSchedulerImpl<T> timers() {
    CellExtras x = extras();
    if (x.timers == null) {
      x.timers = new TimerSchedulerImpl<>(ctx());
    }
    return (TimerSchedulerImpl<T>) x.timers;
  }

  // ---- signals

  private void signal(Signal s) {
    try {
      Behavior<T> next = behavior instanceof Receive<T> r ? r.receiveSignal(ctx(), s) : null;
      if (next == null || Special.is(next, Special.Kind.UNHANDLED)) {
        if (s instanceof Terminated t) {
          throw new DeathPactException(
              path() + " watched " + t.ref().path() + " and did not handle its Terminated signal");
        }
        return;
      }
      apply(next, s);
    } catch (Throwable t) {
      onFailure(t);
    }
  }

  /** Delivers PreRestart or PostStop; a failure there is logged, never supervised. */
  private void lifecycleSignal(Signal s) {
    if (!(behavior instanceof Receive<T> r)) {
      return;
    }
    try {
      r.receiveSignal(ctx(), s);
    } catch (Throwable t) {
      system.log.warn("{}: failure while handling {}", path(), s, t);
    }
  }

  // ---- system messages

  @Override
  final void handleSystem(SystemMessage m) {
    switch (m) {
      case SystemMessage.Start ignored -> startDeferred();
      case SystemMessage.Stop ignored -> beginStop(null);
      case SystemMessage.Watch w -> extras().watchedBy().add(w.watcher());
      case SystemMessage.Unwatch u -> {
        CellExtras x = extrasIfPresent();
        if (x != null && x.watchedBy != null) {
          x.watchedBy.remove(u.watcher());
        }
      }
      case SystemMessage.DeathNotification d -> onDeath(d.cell(), d.failure());
      case SystemMessage.RestartAfterBackoff r -> restartAfterBackoff(r.generation());
    }
  }

  private void startDeferred() {
    if (state != RUNNING) {
      return;
    }
    starting = true;
    try {
      become(behavior);
    } catch (Throwable t) {
      onFailure(t);
    } finally {
      starting = false;
    }
  }

  private void onDeath(ActorCell<?> cell, Throwable failure) {
    CellExtras x = extras();
    if (cell.parent == this) {
      x.children.remove(cell.name, cell);
    }
    Object how = x.watching == null ? null : x.watching.remove(cell);
    if (how != null && state == RUNNING) {
      if (how == CellExtras.SIGNAL) {
        signal(
            failure != null && cell.parent == this
                ? new ChildFailed(cell, failure)
                : new Terminated(cell));
      } else {
        deliver(how);
      }
    }
    if (state == STOPPING && x.children.isEmpty()) {
      finishStop();
    }
  }

  // ---- failures and supervision

  private void onFailure(Throwable t) {
    if (t instanceof InterruptedException) {
      Thread.interrupted(); // the actor's thread goes on with other work
    }
    if (state != RUNNING) {
      system.log.warn("{}: failure while stopping", path(), t);
      return;
    }
    CellExtras x = extrasIfPresent();
    Supervise<?> s = x == null || x.supervision == null ? null : x.supervision.match(t);
    SupervisorStrategy strategy = s == null ? SupervisorStrategy.stop() : s.strategy();
    switch (strategy) {
      case SupervisorStrategy.Stop ignored -> stopOnFailure(t);
      case SupervisorStrategy.Resume ignored ->
          system.log.warn("{}: resuming after failure", path(), t);
      case SupervisorStrategy.Restart r -> {
        if (starting || !x.supervision.allowRestart(r, system.scheduler().now())) {
          stopOnFailure(t);
        } else {
          system.log.warn("{}: restarting after failure", path(), t);
          restart(s);
        }
      }
      case SupervisorStrategy.Backoff b -> backoff(x.supervision, s, b, t);
    }
  }

  private void stopOnFailure(Throwable t) {
    system.log.error("{}: stopped by failure", path(), t);
    beginStop(t);
  }

  private void restart(Supervise<?> s) {
    prepareRestart();
    starting = true;
    try {
      become(extras().supervision().restartFrom(s));
    } catch (Throwable t) {
      stopOnFailure(t);
    } finally {
      starting = false;
    }
  }

  private void prepareRestart() {
    lifecycleSignal(PreRestart.INSTANCE);
    CellExtras x = extras();
    if (x.timers != null) {
      x.timers.cancelAll();
    }
    for (ActorCell<?> child : x.children.values()) {
      x.children.remove(child.name, child);
      child.sendSystem(SystemMessage.Stop.INSTANCE);
    }
  }

  private void backoff(Supervision sup, Supervise<?> s, SupervisorStrategy.Backoff b, Throwable t) {
    Duration delay = sup.nextBackoff(b, system.scheduler().now());
    if (delay == null) {
      stopOnFailure(t);
      return;
    }
    system.log.warn("{}: restarting in {} after failure", path(), delay, t);
    sup.backoffBuffer = new ArrayDeque<>();
    sup.backoffSupervisor = s;
    sup.backoffStash = b.stashCapacity();
    int generation = ++sup.backoffGeneration;
    // Armed before PreRestart is delivered, so whoever sees that signal can count on the timer
    // running.
    system
        .scheduler()
        .schedule(delay, () -> sendSystem(new SystemMessage.RestartAfterBackoff(generation)));
    prepareRestart();
    behavior = Special.empty();
  }

  private void bufferDuringBackoff(Supervision sup, Object message) {
    if (sup.backoffBuffer.size() < sup.backoffStash) {
      sup.backoffBuffer.add(message);
    } else {
      system.deadLetter(message, this, DeadLetter.Reason.DROPPED);
    }
  }

  private void restartAfterBackoff(int generation) {
    Supervision sup = extras().supervision();
    if (state != RUNNING || generation != sup.backoffGeneration || sup.backoffBuffer == null) {
      return;
    }
    ArrayDeque<Object> buffered = sup.backoffBuffer;
    sup.backoffBuffer = null;
    try {
      become(sup.restartFrom(sup.backoffSupervisor));
    } catch (Throwable t) {
      onFailure(t);
    }
    while (!buffered.isEmpty()) {
      deliver(buffered.poll());
    }
  }

  // ---- stopping

  final void beginStop(Throwable failure) {
    if (state != RUNNING) {
      return;
    }
    state = STOPPING;
    CellExtras x = extrasIfPresent();
    if (failure != null) {
      x = extras();
      x.failure = failure;
    }
    if (x != null && x.timers != null) {
      x.timers.cancelAll();
    }
    if (x != null && !x.children.isEmpty()) {
      for (ActorCell<?> child : x.children.values()) {
        child.sendSystem(SystemMessage.Stop.INSTANCE);
      }
      return; // finishStop runs when the last child's death notification arrives
    }
    finishStop();
  }

  private void finishStop() {
    lifecycleSignal(PostStop.INSTANCE);
    if (mdcSet) {
      MDC.remove(CellContext.MDC_KEY);
      mdcSet = false;
    }
    markTerminated();
    CellExtras x = extrasIfPresent();
    Throwable failure = x == null ? null : x.failure;
    if (x != null && x.watchedBy != null) {
      for (ActorCell<?> w : x.watchedBy) {
        if (w != parent) {
          w.sendSystem(new SystemMessage.DeathNotification(this, failure));
        }
      }
    }
    if (parent != null) {
      parent.sendSystem(new SystemMessage.DeathNotification(this, failure));
    } else {
      system.onRootTerminated();
    }
    behavior = Special.stopped();
  }
}
