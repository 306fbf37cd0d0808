package io.cruster.sharding.internal;

import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.StepKind;
import io.cruster.sharding.NonDeterminismException;
import io.cruster.sharding.WorkflowCancelledException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The journal of one workflow execution as its code goes through it: step numbers, the replay check
 * of each step (same kind and tag, else {@link NonDeterminismException} naming the step), and the
 * two kinds of markers: a PATCH marker (tag = patch id) is a step that {@code ctx.patched(id)}
 * consumes and any other step refuses; a CANCEL marker (result = the reason) stands where the
 * execution's cancellation was raised, so a replay raises it at the same step. Shared by live
 * executions ({@link WorkflowRun}) and replays of recorded histories ({@link HistoryReplay}).
 * Confined to the workflow's thread.
 */
final class StepLog {
  static final String CANCEL_TAG = "cancel";

  private final List<JournalEntry> entries;
  private final String subject;
  private int step;

  /**
   * @param subject names the execution in messages ("workflow Order.Place of Order/o-1, execution
   *     42")
   */
  StepLog(List<JournalEntry> entries, String subject) {
    this.entries = List.copyOf(entries);
    this.subject = subject;
  }

  /** The number of the last step taken (0 before the first). */
  int step() {
    return step;
  }

  /** Steps recorded in the journal. */
  int recorded() {
    return entries.size();
  }

  boolean isReplaying() {
    return step < entries.size();
  }

  private JournalEntry at(int n) {
    return n <= entries.size() ? entries.get(n - 1) : null;
  }

  /**
   * Takes the next step: its recorded entry, checked against {@code kind} and {@code tag}, or null
   * when it is not recorded (the caller runs it live and records it under {@link #step()}).
   *
   * @throws WorkflowCancelledException when the journal records the cancellation at this step
   * @throws NonDeterminismException when the journal records another step here
   */
  JournalEntry next(StepKind kind, String tag) {
    int n = ++step;
    JournalEntry e = at(n);
    if (e == null) {
      return null;
    }
    if (e.kind() == StepKind.CANCEL) {
      throw cancelled(e);
    }
    if (e.kind() != kind || !e.tag().equals(tag)) {
      throw new NonDeterminismException(
          subject
              + ": step "
              + n
              + " is "
              + kind
              + " "
              + tag
              + " but the journal recorded "
              + e.kind()
              + " "
              + e.tag()
              + (e.kind() == StepKind.PATCH
                  ? " (a patch marker: keep ctx.patched(\""
                      + e.tag()
                      + "\") or ctx.deprecatePatch(\""
                      + e.tag()
                      + "\") at this point while executions that recorded it run)"
                  : " (was the workflow's code changed while it ran? guard the change with"
                      + " ctx.patched(id))"));
    }
    return e;
  }

  /**
   * After a recorded step whose wait is still going on (a sleep): consumes the CANCEL marker
   * recorded right after it, if any, and throws the cancellation it records.
   */
  void cancelledAfterThisStep() {
    JournalEntry e = at(step + 1);
    if (e != null && e.kind() == StepKind.CANCEL) {
      step++;
      throw cancelled(e);
    }
  }

  /** Whether the step after the current one is recorded (the current wait ended back then). */
  boolean nextIsRecorded() {
    return at(step + 1) != null;
  }

  /**
   * {@code ctx.patched(id)}: TRUE when the next recorded step is this patch's marker (consumed),
   * FALSE when another step is recorded there (a journal written before the patch: nothing
   * consumed), null when nothing is recorded (live: the caller records the marker as the next step,
   * {@link #advance()}).
   */
  Boolean patched(String id) {
    JournalEntry e = at(step + 1);
    if (e == null) {
      return null;
    }
    if (e.kind() == StepKind.PATCH && e.tag().equals(id)) {
      step++;
      return Boolean.TRUE;
    }
    return Boolean.FALSE;
  }

  /** {@code ctx.deprecatePatch(id)}: consumes this patch's marker if it is the next step. */
  void deprecatePatch(String id) {
    JournalEntry e = at(step + 1);
    if (e != null && e.kind() == StepKind.PATCH && e.tag().equals(id)) {
      step++;
    }
  }

  /** Takes the next step number for a live marker (or a cancellation) and returns it. */
  int advance() {
    return ++step;
  }

  /** The cancellation a CANCEL marker records. */
  WorkflowCancelledException cancelled(JournalEntry marker) {
    return cancelled(subject, new String(marker.result(), StandardCharsets.UTF_8));
  }

  static WorkflowCancelledException cancelled(String subject, String reason) {
    return new WorkflowCancelledException(subject + " was cancelled: " + reason);
  }

  String subject() {
    return subject;
  }
}
