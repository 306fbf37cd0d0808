package io.cruster.admin.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every action taken through the console (who, what, on what, with which outcome), logged at INFO
 * and kept in memory (the latest {@value #KEPT}) for {@code GET /api/v1/audit}. Thread-safe.
 */
public final class Audit {
  /** How many entries are kept in memory. */
  static final int KEPT = 200;

  private static final Logger LOG = LoggerFactory.getLogger("io.cruster.admin.audit");

  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Entry> entries = new ArrayDeque<>();

  /**
   * One action.
   *
   * @param at when it was taken
   * @param who the caller: the name it gave ({@code X-Cruster-User}) and its address
   * @param action the action ({@code workflow.cancel}, {@code dead-letter.redrive}...)
   * @param target what it acted on
   * @param outcome its HTTP status and error code, or {@code ok}
   */
  public record Entry(Instant at, String who, String action, String target, String outcome) {}

  void record(String who, String action, String target, String outcome) {
    LOG.info("admin action: {} {} {} -> {}", who, action, target, outcome);
    lock.lock();
    try {
      entries.addFirst(new Entry(Instant.now(), who, action, target, outcome));
      while (entries.size() > KEPT) {
        entries.removeLast();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The latest entries, newest first. */
  List<Entry> latest() {
    lock.lock();
    try {
      return new ArrayList<>(entries);
    } finally {
      lock.unlock();
    }
  }
}
