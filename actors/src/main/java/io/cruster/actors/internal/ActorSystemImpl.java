package io.cruster.actors.internal;

import io.cruster.actors.ActorPath;
import io.cruster.actors.ActorRef;
import io.cruster.actors.ActorSystem;
import io.cruster.actors.ActorSystemSettings;
import io.cruster.actors.AskTimeoutException;
import io.cruster.actors.Behavior;
import io.cruster.actors.Behaviors;
import io.cruster.actors.CrusterException;
import io.cruster.actors.DeadLetter;
import io.cruster.actors.DeadLetters;
import io.cruster.actors.MailboxFullException;
import io.cruster.actors.Props;
import io.cruster.actors.Scheduler;
import io.cruster.actors.Terminated;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor tree: a root with two children, {@code /user} (the guardian the user gave) and {@code
 * /system} (actors started from outside with {@link #systemActorOf}). The root watches both; when
 * {@code /user} stops it stops {@code /system}, and when both are gone it stops itself, which
 * completes {@link #whenTerminated()}.
 */
public final class ActorSystemImpl<T> implements ActorSystem<T> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  final Logger log = LoggerFactory.getLogger(ActorSystem.class);
  final Logger actorLog = LoggerFactory.getLogger("io.cruster.actors.Actor");
  final int throughput;
  private final String name;
  private final ActorSystemSettings settings;
  private final Scheduler scheduler;
  private final DeadLetterOffice deadLetters = new DeadLetterOffice();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicLong tempIds = new AtomicLong();
  private final CellContext<Object> root;
  private final CellContext<T> user;
  private final CellContext<Object> systemGuardian;

  private ActorSystemImpl(Behavior<T> guardian, String name, ActorSystemSettings settings) {
    this.name = name;
    this.settings = settings;
    this.scheduler = settings.scheduler();
    this.throughput = settings.throughput();
    this.root = new CellContext<>(this, null, "", Integer.MAX_VALUE);
    root.init(rootBehavior());
    this.user = root.spawnChild(guardian, "user", Props.defaults());
    this.systemGuardian = root.spawnChild(Behaviors.empty(), "system", Props.defaults());
    // The root is not running yet, so setting up its watches from this thread is safe.
    root.watch(user);
    root.watch(systemGuardian);
    log.debug("actor system [{}] started", name);
  }

  /** Starts a system; see {@link ActorSystem#create(Behavior, String, ActorSystemSettings)}. */
  public static <T> ActorSystem<T> start(
      Behavior<T> guardian, String name, ActorSystemSettings settings) {
    Objects.requireNonNull(guardian, "guardian");
    Objects.requireNonNull(settings, "settings");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "actor system name must match "
              + NAME.pattern()
              + " (letters, digits, '_' and '-'), was ["
              + name
              + "]");
    }
    return new ActorSystemImpl<>(guardian, name, settings);
  }

  private Behavior<Object> rootBehavior() {
    return Behaviors.receive(Object.class)
        .onSignal(
            Terminated.class,
            (ctx, t) -> {
              if (t.ref() == user) {
                ctx.child("system").ifPresent(ctx::stop);
              }
              return ctx.children().isEmpty() ? Behaviors.stopped() : Behaviors.same();
            })
        .build();
  }

  CellContext<T> userGuardian() {
    return user;
  }

  long nextTempId() {
    return tempIds.incrementAndGet();
  }

  void onRootTerminated() {
    log.debug("actor system [{}] terminated", name);
    terminated.complete(null);
  }

  void deadLetter(Object message, ActorRef<?> recipient, DeadLetter.Reason reason) {
    deadLetters.publish(message, recipient, reason);
  }

  /**
   * Tells from a timer or scheduled task: a full mailbox makes the message a dead letter instead of
   * failing.
   */
  <U> void tellQuietly(ActorRef<U> target, U message) {
    try {
      target.tell(message);
    } catch (MailboxFullException e) {
      log.warn("scheduled message to {} dropped: {}", target.path(), e.getMessage());
      deadLetter(message, target, DeadLetter.Reason.DROPPED);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ActorSystemSettings settings() {
    return settings;
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  @Override
  public void tell(T message) {
    user.tell(message);
  }

  @Override
  public void tell(T message, Duration timeout) {
    user.tell(message, timeout);
  }

  @Override
  public ActorPath path() {
    return user.path();
  }

  @Override
  public <Req, R> R ask(
      ActorRef<Req> target, Function<ActorRef<R>, Req> createRequest, Duration timeout) {
    CompletableFuture<R> reply = PromiseRef.ask(this, target, createRequest, timeout, false);
    Dispatcher.beforeBlocking();
    spinBriefly(reply);
    try {
      // Bounded in real time too, so a blocking ask cannot hang on a manual clock nobody advances.
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AskTimeoutException("no reply from " + target.path() + " within " + timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CrusterException ce) {
        throw ce;
      }
      throw new CrusterException("ask to " + target.path() + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CrusterException("interrupted while asking " + target.path(), e);
    }
  }

  /**
   * A platform thread waits a few microseconds before it parks: a reply that comes that fast (the
   * common case for a local actor) then costs no wake-up. Virtual threads park at once, leaving
   * their carrier to others.
   */
  private static void spinBriefly(CompletableFuture<?> reply) {
    if (Thread.currentThread().isVirtual()) {
      return;
    }
    long end = System.nanoTime() + SPIN_NANOS;
    while (!reply.isDone() && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static final long SPIN_NANOS = 20_000;

  @Override
  public <Req, R> CompletableFuture<R> askAsync(
      ActorRef<Req> target, Function<ActorRef<R>, Req> createRequest, Duration timeout) {
    return PromiseRef.ask(this, target, createRequest, timeout, true);
  }

  @Override
  public <U> ActorRef<U> systemActorOf(Behavior<U> behavior, String actorName, Props props) {
    CellContext.validateName(actorName);
    return systemGuardian.spawnChild(behavior, actorName, props);
  }

  @Override
  public void terminate() {
    user.sendSystem(SystemMessage.Stop.INSTANCE);
  }

  @Override
  public CompletionStage<Void> whenTerminated() {
    return terminated.copy();
  }

  @Override
  public void close() {
    terminate();
    Duration timeout = settings.terminateTimeout();
    try {
      terminated.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new CrusterException(
          "actor system ["
              + name
              + "] did not terminate within "
              + timeout
              + "; some actor is still busy (a handler that never returns?)");
    } catch (ExecutionException e) {
      throw new CrusterException("actor system [" + name + "] failed to terminate", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CrusterException("interrupted while terminating actor system [" + name + "]", e);
    }
  }

  @Override
  public String toString() {
    return "ActorSystem[" + name + "]";
  }
}
