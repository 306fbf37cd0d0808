package io.cruster.sharding.internal;

import io.cruster.actors.spi.Serializer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs a workflow's call to another entity as a journaled step: a live execution ({@link
 * WorkflowRun}) makes the call, a replay of a recorded history ({@link HistoryReplay}) returns the
 * recorded outcome. Confined to the workflow's thread.
 */
interface StepRunner {

  /**
   * The outcome of the CALL step tagged {@code tag}: replayed from the journal (decoded with {@code
   * codec}), or made now with {@code call}, given the idempotency key of the step, and journaled.
   */
  Object callStep(String tag, Serializer codec, Function<String, CompletableFuture<Object>> call);
}
