package io.cruster.persistence.internal.postgres;

import io.cruster.actors.ShardId;
import io.cruster.persistence.Migrations;
import io.cruster.persistence.PostgresOptions;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.DeferredStore;
import io.cruster.persistence.spi.ExecutionStore;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.GroupCommitListener;
import io.cruster.persistence.spi.MessageStorage;
import io.cruster.persistence.spi.SqlTransaction;
import io.cruster.persistence.spi.StateStore;
import io.cruster.persistence.spi.Storage;
import io.cruster.persistence.spi.TimerStore;
import io.cruster.persistence.spi.WorkflowJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Storage} on PostgreSQL through JDBC. Commits and saved requests go through {@link
 * GroupCommitter} (many callers share a transaction); everything else is one autocommit statement
 * on a pooled connection. Times are kept to the microsecond. The tables are those of {@link
 * Migrations}, in the connection's current schema.
 *
 * <p>Thread-safe. {@link #close()} refuses new calls, waits for queued writes, then closes the pool
 * if the storage created it (a DataSource given by the caller stays the caller's).
 */
public final class PostgresStorage implements Storage {
  private static final Logger log = LoggerFactory.getLogger(PostgresStorage.class);

  private final Db db;
  private final GroupCommitter committer;
  private final Optional<AutoCloseable> ownedPool;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final PgMessages messages;
  private final PgStates states;
  private final PgJournal journal;
  private final PgDeferreds deferreds;
  private final PgTimers timers;
  private final PgNotifications notifications;
  private final PgExecutions executions;

  private PostgresStorage(
      DataSource dataSource,
      PostgresOptions options,
      Optional<AutoCloseable> ownedPool,
      String channel) {
    this.db = new Db(dataSource);
    this.committer = new GroupCommitter(db, options.maxBatchSize(), maxInFlight(options));
    this.ownedPool = ownedPool;
    this.notifications = new PgNotifications(dataSource, channel);
    this.executions = new PgExecutions(db, committer, channel, notifications);
    this.messages = new PgMessages(db, committer, channel);
    this.states = new PgStates(db);
    this.journal = new PgJournal(db);
    this.deferreds = new PgDeferreds(db);
    this.timers = new PgTimers(db);
  }

  /**
   * How many group-commit transactions may be in flight at once: up to half the pool (the rest
   * serves reads and polls), at most {@value #MAX_COMMITS_IN_FLIGHT}: beyond that, batches only get
   * smaller.
   */
  static int maxInFlight(PostgresOptions options) {
    return Math.max(1, Math.min(MAX_COMMITS_IN_FLIGHT, options.poolSize() / 2));
  }

  static final int MAX_COMMITS_IN_FLIGHT = 4;

  /**
   * A storage on {@code dataSource}, after applying the migrations if {@code options} say so;
   * {@code ownedPool} (if present) is closed with the storage, also when this start fails. Blocks
   * while migrating.
   */
  public static PostgresStorage start(
      DataSource dataSource, PostgresOptions options, Optional<AutoCloseable> ownedPool) {
    try {
      if (options.runMigrations()) {
        Migrations.apply(dataSource);
      }
      return new PostgresStorage(dataSource, options, ownedPool, channel(dataSource));
    } catch (RuntimeException e) {
      ownedPool.ifPresent(pool -> closeQuietly(pool, e));
      throw e;
    }
  }

  /** The NOTIFY channel of execution events in the connections' current schema. */
  private static String channel(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement select = c.createStatement();
        ResultSet row = select.executeQuery(PgNotifications.CHANNEL)) {
      row.next();
      return row.getString(1);
    } catch (SQLException e) {
      throw Failures.of("reading the current schema (for the execution events channel)", e);
    }
  }

  @Override
  public ExecutionStore executions() {
    db.ensureOpen();
    return executions;
  }

  @Override
  public MessageStorage messages() {
    db.ensureOpen();
    return messages;
  }

  @Override
  public StateStore states() {
    db.ensureOpen();
    return states;
  }

  @Override
  public WorkflowJournal journal() {
    db.ensureOpen();
    return journal;
  }

  @Override
  public DeferredStore deferreds() {
    db.ensureOpen();
    return deferreds;
  }

  @Override
  public TimerStore timers() {
    db.ensureOpen();
    return timers;
  }

  /** {@inheritDoc} Shares a transaction with concurrent commits and saves (group commit). */
  @Override
  public void commit(Commit commit) {
    Objects.requireNonNull(commit, "commit");
    db.ensureOpen();
    if (commit.isEmpty()) {
      return;
    }
    CommitChecks.check(commit);
    committer.submit(new Write.Apply(commit));
  }

  /**
   * {@inheritDoc} One statement over all the shards, which locks their rows in shard order (the
   * order commits lock them in, so the two cannot deadlock).
   */
  @Override
  public List<FencingToken> fenceShards(Collection<ShardId> shards) {
    Objects.requireNonNull(shards, "shards");
    List<ShardId> distinct =
        shards.stream()
            .map(s -> Objects.requireNonNull(s, "shards element"))
            .distinct()
            .sorted(Comparator.comparing(ShardId::group).thenComparingInt(ShardId::id))
            .toList();
    if (distinct.isEmpty()) {
      return List.of();
    }
    Map<ShardId, FencingToken> issued =
        db.call(
            "beginning new epochs in cruster_shard_epochs of",
            Db.describe(distinct, "shards"),
            c -> {
              Map<ShardId, FencingToken> tokens = new HashMap<>();
              try (PreparedStatement upsert = c.prepareStatement(NEW_EPOCHS)) {
                upsert.setArray(1, SqlArrays.text(c, distinct, ShardId::group));
                upsert.setArray(2, SqlArrays.ints(c, distinct, ShardId::id));
                try (ResultSet rows = upsert.executeQuery()) {
                  while (rows.next()) {
                    ShardId shard = new ShardId(rows.getString(1), rows.getInt(2));
                    tokens.put(shard, new FencingToken(shard, rows.getLong(3)));
                  }
                }
              }
              return tokens;
            });
    return shards.stream().map(issued::get).toList();
  }

  /** Epoch + 1 per shard (1 for a shard never fenced), in shard order. */
  static final String NEW_EPOCHS =
      """
      INSERT INTO cruster_shard_epochs AS e (shard_group, shard_id, epoch)
      SELECT v.shard_group, v.shard_id, 1
      FROM unnest(?::text[], ?::int[]) WITH ORDINALITY AS v(shard_group, shard_id, ord)
      ORDER BY v.ord
      ON CONFLICT (shard_group, shard_id) DO UPDATE SET epoch = e.epoch + 1, fenced_at = now()
      RETURNING e.shard_group, e.shard_id, e.epoch""";

  /**
   * {@inheritDoc} A transaction on a connection of its own (not group-committed), which it holds
   * until committed or closed.
   */
  @Override
  public Optional<SqlTransaction> beginSql() {
    return Optional.of(PgSqlTransaction.begin(db));
  }

  @Override
  public void listen(GroupCommitListener listener) {
    committer.listen(listener);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    db.close();
    notifications.close();
    committer.close();
    ownedPool.ifPresent(pool -> closeQuietly(pool, null));
  }

  /** The group committer, for tests that count its transactions. */
  GroupCommitter committer() {
    return committer;
  }

  private static void closeQuietly(AutoCloseable pool, Exception primary) {
    try {
      pool.close();
    } catch (Exception e) {
      if (primary != null) {
        primary.addSuppressed(e);
      } else {
        log.warn("closing the PostgreSQL connection pool failed", e);
      }
    }
  }
}
