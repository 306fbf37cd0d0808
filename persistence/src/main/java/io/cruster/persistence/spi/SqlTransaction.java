package io.cruster.persistence.spi;

import java.sql.Connection;

/**
 * An open database transaction shared by an activity's own SQL and the runtime's writes of that
 * activity: the user's statements run on {@link #connection()}, then {@link #commit(Commit)} adds
 * the activity's state, journal entry and reply and commits everything at once. Not thread-safe:
 * one activity, one thread.
 */
public interface SqlTransaction extends AutoCloseable {

  /**
   * The transaction's connection (auto-commit off). Do not commit, roll back or close it yourself.
   */
  Connection connection();

  /**
   * Writes {@code commit} in this transaction (with the same checks and semantics as {@link
   * Storage#commit}) and commits the transaction. Blocks until durable.
   *
   * @throws io.cruster.persistence.StorageException when the commit conflicts or the database
   *     fails; nothing is applied then, the user's statements included
   */
  void commit(Commit commit);

  /** Rolls back unless committed, and releases the connection. Idempotent. */
  @Override
  void close();
}
