package io.cruster.persistence.spi;

/**
 * One unit of storage for an entity runtime: messages, state, journal, deferreds and timers. All of
 * it is thread-safe; every method blocks until the store answers and throws {@link
 * io.cruster.persistence.StorageException} when it fails, and after {@link #close()}.
 */
public interface Storage extends AutoCloseable {

  /** The requests and their replies. Never blocks; the store returned is thread-safe. */
  MessageStorage messages();

  /** The committed entity and trait states. Never blocks; the store returned is thread-safe. */
  StateStore states();

  /** The steps of workflow executions. Never blocks; the journal returned is thread-safe. */
  WorkflowJournal journal();

  /** The deferred slots of entities. Never blocks; the store returned is thread-safe. */
  DeferredStore deferreds();

  /** The durable timers of workflow executions. Never blocks; the store returned is thread-safe. */
  TimerStore timers();

  /**
   * The records of workflow executions: find, list, follow, cancel, purge. Never blocks; the store
   * returned is thread-safe.
   */
  ExecutionStore executions();

  /**
   * Applies every write of the commit atomically: all or nothing. Blocks until durable.
   * Thread-safe: commits are serializable, so two writers of one entity cannot both succeed with
   * the same state version.
   *
   * <p>Checks first, then applies: the commit fails, and nothing of it is applied, when
   *
   * <ul>
   *   <li>its state write's version is not exactly the stored version + 1, or not 1 when nothing is
   *       stored (two writers of one entity), or
   *   <li>one of its journal entries has an (execution id, step) that is already recorded or
   *       appears twice in the commit, or
   *   <li>it carries a {@link Commit#fence() fencing token} whose epoch is older than the shard's
   *       current one (see {@link #fenceShards}), or that this storage never issued.
   * </ul>
   *
   * The first two are {@link io.cruster.persistence.StorageException}s that are not retryable and
   * name the subject; the third is a {@link io.cruster.persistence.FencedException}, retryable. The
   * fencing check and the writes are one transaction: a shard cannot move to a new epoch between
   * them. Replies apply like {@link MessageStorage#complete(ReplyRecord)} (first wins; a reply to
   * an unknown request is ignored), deferred writes like {@link DeferredStore#resolve} (first wins)
   * and {@link DeferredStore#clear}, failures like {@link MessageStorage#fail} (after the replies;
   * first wins), timers are added or replace the timer of the same id, then deleted timers are
   * removed (an unknown id is ignored), and execution status updates change the status of
   * executions that are not finished (others and unknown ones are left alone). An empty commit
   * changes nothing.
   *
   * @throws io.cruster.persistence.StorageException when the commit conflicts (not retryable) or
   *     the store fails
   */
  void commit(Commit commit);

  /**
   * Begins a new epoch of each shard, one greater than its last (1 the first time), and returns the
   * tokens, in the order of {@code shards} (a shard named twice gets one new epoch). From now on
   * commits carrying an older token of these shards are refused. A runner calls this when it
   * acquires shards, before it serves them; it blocks until durable, and waits for commits of these
   * shards in flight to finish, so none of them lands after the new epoch.
   *
   * @throws io.cruster.persistence.StorageException when the store fails (retryable if it may
   *     succeed later)
   */
  java.util.List<FencingToken> fenceShards(java.util.Collection<io.cruster.actors.ShardId> shards);

  /**
   * Tells {@code listener} of each group commit from now on (replacing an earlier listener). A
   * storage that does not batch writes never calls it (the default). Thread-safe.
   */
  default void listen(GroupCommitListener listener) {}

  /**
   * Opens a transaction in which an activity runs its own SQL and then commits its writes, all or
   * nothing; empty when this storage has no SQL (the in-memory one). Blocks until a connection is
   * available. The transaction belongs to the calling thread until it is committed or closed.
   */
  default java.util.Optional<SqlTransaction> beginSql() {
    return java.util.Optional.empty();
  }

  /**
   * Releases the storage; later calls on it or on its stores throw {@link
   * io.cruster.persistence.StorageException} ("storage is closed"). Idempotent and thread-safe;
   * blocks until pending writes are done.
   */
  @Override
  void close();
}
