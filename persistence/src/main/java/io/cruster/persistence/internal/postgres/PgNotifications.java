package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.internal.ExecutionListeners;
import io.cruster.persistence.spi.ExecutionListener;
import io.cruster.persistence.spi.ExecutionStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution events from every process sharing the database, by {@code LISTEN/NOTIFY}: writes that
 * end an execution or record its cancellation call {@code pg_notify(channel, 'e:' | 'c:' || id)} in
 * their own statement (so the notification leaves when they commit), and one virtual thread per
 * storage holds a connection of its own that listens on the channel and calls the listeners.
 *
 * <p>The channel is per schema ({@code cruster:<schema>}, cut to 63 bytes), so clusters sharing a
 * database in separate schemas do not wake each other. The listening connection is taken from the
 * storage's DataSource when the first listener subscribes and kept until the storage closes; when
 * it fails, the thread reconnects with backoff (100 ms doubling to 5 s) and, once listening again,
 * tells the listeners that notifications may have been missed. The connection waits in {@link
 * PGConnection#getNotifications(int)} for at most {@link #WAIT}, so closing takes at most that.
 *
 * <p>Thread-safe: the thread is started once under {@link #lock}; listeners are a copy-on-write
 * list.
 */
final class PgNotifications {
  private static final Logger LOG = LoggerFactory.getLogger(PgNotifications.class);
  private static final Duration WAIT = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final DataSource dataSource;
  private final String channel;
  private final ExecutionListeners listeners = new ExecutionListeners();
  private final ReentrantLock lock = new ReentrantLock();
  private Thread thread;
  private volatile boolean closed;

  /** Whether the connection listens now (after LISTEN, until it fails). */
  private volatile boolean listening;

  PgNotifications(DataSource dataSource, String channel) {
    this.dataSource = dataSource;
    this.channel = channel;
  }

  /** The SQL that gives the channel of the connection's current schema. */
  static final String CHANNEL = "SELECT left('cruster:' || coalesce(current_schema(), ''), 63)";

  String channel() {
    return channel;
  }

  ExecutionListeners listeners() {
    return listeners;
  }

  ExecutionStore.Subscription subscribe(ExecutionListener listener) {
    ExecutionStore.Subscription s = listeners.add(listener);
    if (listening) {
      listener.missed(); // live already: the thread's call at connect time is past
    }
    lock.lock();
    try {
      if (thread == null && !closed) {
        thread = Thread.ofVirtual().name("cruster-pg-listen").start(this::run);
      }
    } finally {
      lock.unlock();
    }
    return s;
  }

  private void run() {
    Duration backoff = Duration.ofMillis(100);
    while (!closed) {
      Connection c = null;
      try {
        c = dataSource.getConnection();
        c.setAutoCommit(true);
        try (Statement listen = c.createStatement()) {
          listen.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        backoff = Duration.ofMillis(100);
        listening = true;
        listeners.missed(); // whatever ended while not listening
        while (!closed) {
          PGNotification[] received = pg.getNotifications((int) WAIT.toMillis());
          if (received == null) {
            continue;
          }
          for (PGNotification n : received) {
            dispatch(n.getParameter());
          }
        }
        close(c);
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (c != null) {
          condemn(c);
          close(c);
        }
        if (closed) {
          return;
        }
        LOG.warn(
            "listening for workflow execution events on PostgreSQL failed ({}); reconnecting in {}",
            e.toString(),
            backoff);
        LockSupport.parkNanos(backoff.toNanos());
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // broken anyway
    }
  }

  /**
   * Makes a pool drop the broken listening connection instead of lending it again: the failure was
   * seen through the driver's own connection ({@link PGConnection}), which a pool does not watch,
   * so one statement through the pool's wrapper lets it see the connection fail before it is handed
   * back (HikariCP then evicts it).
   */
  private static void condemn(Connection c) {
    if (c == null) {
      return;
    }
    try (Statement probe = c.createStatement()) {
      probe.execute("SELECT 1");
    } catch (SQLException | RuntimeException expected) {
      // the point: the pool saw it fail
    }
  }

  private void dispatch(String payload) {
    if (payload == null || payload.length() < 3 || payload.charAt(1) != ':') {
      LOG.debug("ignored a notification on {}: [{}]", channel, payload);
      return;
    }
    String id = payload.substring(2);
    switch (payload.charAt(0)) {
      case 'e' -> listeners.ended(id);
      case 'c' -> listeners.cancelRequested(id);
      default -> LOG.debug("ignored a notification on {}: [{}]", channel, payload);
    }
  }

  /** Stops listening; the thread ends within {@link #WAIT}. Idempotent. */
  void close() {
    closed = true;
    Thread t;
    lock.lock();
    try {
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      try {
        t.join(WAIT.multipliedBy(4).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
