package io.cruster.sharding.internal;

import io.cruster.actors.CrusterException;
import io.cruster.persistence.spi.ExecutionRecord;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.sharding.CallTimeoutException;
import io.cruster.sharding.DeadLetteredException;
import io.cruster.sharding.WorkflowHandle;
import io.cruster.sharding.WorkflowStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handle of one execution: its id, and reads of its record. {@link #joinAsync()} registers with
 * the node's {@link JoinWaiters} before it reads, then waits without a thread; a wake-up that finds
 * the execution still running (it was re-run) registers again. Thread-safe.
 */
final class WorkflowHandleImpl<R> implements WorkflowHandle<R> {
  private final EntityRuntime runtime;
  private final WorkflowControl control;
  private final String executionId;
  private final Class<R> replyType;
  private volatile String entityId;

  /**
   * @param entityId the entity, if known (a handle made from an id reads it when asked)
   * @param replyType what the reply is cast to; null: the workflow message's own reply type
   */
  WorkflowHandleImpl(
      EntityRuntime runtime,
      WorkflowControl control,
      String executionId,
      String entityId,
      Class<R> replyType) {
    this.runtime = runtime;
    this.control = control;
    this.executionId = Objects.requireNonNull(executionId, "executionId");
    this.entityId = entityId;
    this.replyType = replyType;
  }

  @Override
  public String executionId() {
    return executionId;
  }

  /** {@inheritDoc} Reads the record (one storage read) when the handle was made from an id. */
  @Override
  public String entityId() {
    String id = entityId;
    if (id == null) {
      id = record().address().entityId();
      entityId = id;
    }
    return id;
  }

  private ExecutionRecord record() {
    return control.store().find(executionId).orElseThrow(() -> WorkflowsImpl.unknown(executionId));
  }

  @Override
  public Optional<R> poll() {
    ExecutionRecord r = record();
    return r.status().isFinished() ? Optional.ofNullable(outcome(r)) : Optional.empty();
  }

  /** The reply of a finished execution, or its failure thrown. */
  @SuppressWarnings("unchecked")
  private R outcome(ExecutionRecord r) {
    entityId = r.address().entityId();
    if (r.reply().isEmpty()) {
      throw new DeadLetteredException(
          "workflow execution "
              + executionId
              + " of "
              + r.address()
              + " failed without a reply: "
              + r.failure().orElse("(no failure recorded)"));
    }
    RegisteredType t = runtime.type(r.address().entityType());
    var reply = r.reply().get();
    if (reply.failure()) {
      throw Failures.exception(
          r.address() + " " + r.tag(), t.model().serializer(), reply.payload());
    }
    Object value = t.model().serializer().fromBytes(reply.payload());
    if (replyType != null && value != null && !replyType.isInstance(value)) {
      throw new ClassCastException(
          "workflow execution "
              + executionId
              + " replied a "
              + value.getClass().getName()
              + ", not a "
              + replyType.getName());
    }
    return (R) value;
  }

  @Override
  public R join(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    CompletableFuture<R> f = joinAsync();
    try {
      io.cruster.actors.internal.Dispatcher.beforeBlocking();
      return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(false);
      throw new CallTimeoutException(
          "workflow execution " + executionId + " did not end within " + timeout);
    } catch (ExecutionException e) {
      throw Failures.unwrapToRuntime(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CrusterException("interrupted while joining workflow execution " + executionId, e);
    }
  }

  @Override
  public CompletableFuture<R> joinAsync() {
    CompletableFuture<R> result = new CompletableFuture<>();
    Thread.ofVirtual().name("cruster-join").start(() -> attach(result));
    return result;
  }

  /** Registers, reads, and completes {@code result} now or when the execution ends. */
  private void attach(CompletableFuture<R> result) {
    if (result.isDone()) {
      return;
    }
    control.start(); // a node that was never started listens from its first join on
    CompletableFuture<Optional<ExecutionRecord>> ended = control.joins.whenEnded(executionId);
    try {
      ExecutionRecord r = record();
      if (r.status().isFinished()) {
        control.joins.ended(executionId, Optional.of(r));
        result.complete(outcome(r));
        return;
      }
    } catch (RuntimeException e) {
      control.joins.ended(executionId, Optional.empty());
      result.completeExceptionally(e);
      return;
    }
    ended.whenComplete(
        (known, failure) -> {
          if (failure != null) {
            result.completeExceptionally(failure);
          } else if (known.isPresent()
              && known.get().reply().isPresent()
              && known.get().status() != ExecutionStatus.FAILED) {
            // A FAILED end may be re-opened (retry) before its announcement arrives: read again.
            try {
              result.complete(outcome(known.get()));
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          } else {
            Thread.ofVirtual().name("cruster-join").start(() -> attach(result));
          }
        });
  }

  @Override
  public WorkflowStatus status() {
    return WorkflowStatus.valueOf(record().status().name());
  }

  @Override
  public boolean cancel(String reason) {
    return control.cancel(executionId, reason);
  }

  @Override
  public String toString() {
    return "WorkflowHandle[" + executionId + "]";
  }
}
