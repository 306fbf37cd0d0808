package io.cruster.persistence.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The writes of one activity (or one workflow step), applied all or nothing by {@link
 * Storage#commit}. Immutable and thread-safe; the lists are copies. Build one with {@link
 * #builder()}.
 *
 * @param state the new state of the entity, if it changed
 * @param journal the workflow journal entries to record
 * @param replies the replies to store, each completing its request
 * @param deferreds the deferred slots to resolve or clear, in order
 * @param timers the durable timers to add (or replace, by timer id)
 * @param deletedTimers the ids of timers to delete, applied after {@code timers}
 * @param executions status changes of live workflow executions (the last one per execution wins)
 * @param failures failure replies that fail their requests for good, like {@link
 *     MessageStorage#fail} (first reply wins)
 * @param fence the token of the shard the commit's entity belongs to; when present, the commit is
 *     refused with {@link io.cruster.persistence.FencedException} if the shard has a newer epoch
 */
public record Commit(
    Optional<StateWrite> state,
    List<JournalEntry> journal,
    List<ReplyRecord> replies,
    List<DeferredWrite> deferreds,
    List<TimerRecord> timers,
    List<String> deletedTimers,
    List<ExecutionUpdate> executions,
    List<ReplyRecord> failures,
    Optional<FencingToken> fence) {

  /**
   * Checks and copies the fields. Never blocks.
   *
   * @throws NullPointerException when a field or a list element is null; the message names the
   *     field
   */
  public Commit {
    Checks.nonNull(state, "Commit", "state");
    journal = Checks.copyOf(journal, "Commit", "journal");
    replies = Checks.copyOf(replies, "Commit", "replies");
    deferreds = Checks.copyOf(deferreds, "Commit", "deferreds");
    timers = Checks.copyOf(timers, "Commit", "timers");
    deletedTimers = Checks.copyOf(deletedTimers, "Commit", "deletedTimers");
    for (String timerId : deletedTimers) {
      Checks.nonBlank(timerId, "Commit", "deletedTimers element");
    }
    executions = Checks.copyOf(executions, "Commit", "executions");
    failures = Checks.copyOf(failures, "Commit", "failures");
    for (ReplyRecord failure : failures) {
      if (!failure.failure()) {
        throw new IllegalArgumentException(
            "Commit.failures holds only failure replies; the reply to "
                + failure.requestId()
                + " is not one");
      }
    }
    Checks.nonNull(fence, "Commit", "fence");
  }

  /**
   * A commit without execution status changes, failures or a fencing token (the shape before those
   * existed). Never blocks.
   *
   * @throws NullPointerException when a field or a list element is null; the message names the
   *     field
   */
  public Commit(
      Optional<StateWrite> state,
      List<JournalEntry> journal,
      List<ReplyRecord> replies,
      List<DeferredWrite> deferreds,
      List<TimerRecord> timers,
      List<String> deletedTimers) {
    this(
        state,
        journal,
        replies,
        deferreds,
        timers,
        deletedTimers,
        List.of(),
        List.of(),
        Optional.empty());
  }

  /** A new, empty builder. Never blocks. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the commit writes nothing at all (a fencing token alone writes nothing). Never blocks;
   * thread-safe.
   */
  public boolean isEmpty() {
    return state.isEmpty()
        && journal.isEmpty()
        && replies.isEmpty()
        && deferreds.isEmpty()
        && timers.isEmpty()
        && deletedTimers.isEmpty()
        && executions.isEmpty()
        && failures.isEmpty();
  }

  /** Collects the writes of a {@link Commit}. Not thread-safe: one thread builds one commit. */
  public static final class Builder {
    private StateWrite state;
    private final List<JournalEntry> journal = new ArrayList<>();
    private final List<ReplyRecord> replies = new ArrayList<>();
    private final List<DeferredWrite> deferreds = new ArrayList<>();
    private final List<TimerRecord> timers = new ArrayList<>();
    private final List<String> deletedTimers = new ArrayList<>();
    private final List<ExecutionUpdate> executions = new ArrayList<>();
    private final List<ReplyRecord> failures = new ArrayList<>();
    private FencingToken fence;

    private Builder() {}

    /**
     * Sets the new state of the entity; a commit writes at most one state.
     *
     * @throws IllegalStateException when a state was already set
     */
    public Builder state(StateWrite state) {
      Checks.nonNull(state, "Commit", "state");
      if (this.state != null) {
        throw new IllegalStateException(
            "Commit.state is already set (for "
                + this.state.address()
                + "); a commit writes one state");
      }
      this.state = state;
      return this;
    }

    /** Adds a journal entry. */
    public Builder journal(JournalEntry entry) {
      journal.add(Checks.nonNull(entry, "Commit", "journal entry"));
      return this;
    }

    /** Adds a reply, which completes its request. */
    public Builder reply(ReplyRecord reply) {
      replies.add(Checks.nonNull(reply, "Commit", "reply"));
      return this;
    }

    /** Adds a deferred write (resolve or clear); they apply in the order added. */
    public Builder deferred(DeferredWrite write) {
      deferreds.add(Checks.nonNull(write, "Commit", "deferred"));
      return this;
    }

    /** Adds a durable timer (replacing a stored timer with the same id). */
    public Builder timer(TimerRecord timer) {
      timers.add(Checks.nonNull(timer, "Commit", "timer"));
      return this;
    }

    /** Deletes the timer with this id, if there is one. */
    public Builder deleteTimer(String timerId) {
      deletedTimers.add(Checks.nonBlank(timerId, "Commit", "deleteTimer timerId"));
      return this;
    }

    /** Changes the status of a live workflow execution with this commit. */
    public Builder execution(ExecutionUpdate update) {
      executions.add(Checks.nonNull(update, "Commit", "execution"));
      return this;
    }

    /**
     * Adds a failure reply that fails its request for good (like {@link MessageStorage#fail}).
     *
     * @throws IllegalArgumentException when {@code failure} is not a failure reply
     */
    public Builder failure(ReplyRecord failure) {
      Checks.nonNull(failure, "Commit", "failure");
      if (!failure.failure()) {
        throw new IllegalArgumentException(
            "Commit.failure takes a failure reply; the reply to "
                + failure.requestId()
                + " is not one");
      }
      failures.add(failure);
      return this;
    }

    /** Fences the commit with the token of its entity's shard (replacing one set before). */
    public Builder fence(FencingToken token) {
      this.fence = Checks.nonNull(token, "Commit", "fence");
      return this;
    }

    /**
     * The commit of everything added so far; the builder stays usable and the commit sees no later
     * adds.
     */
    public Commit build() {
      return new Commit(
          Optional.ofNullable(state),
          journal,
          replies,
          deferreds,
          timers,
          deletedTimers,
          executions,
          failures,
          Optional.ofNullable(fence));
    }
  }
}
