package io.cruster.samples.durability;

import java.io.PrintStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The application's event lines on stdout: one event a line, words separated by single spaces,
 * first word in capitals ({@code STEP job-1 2}). Each line is flushed before {@link #emit} returns,
 * so a test reading the pipe sees it before the process can be killed. Thread-safe.
 */
final class Events {
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final PrintStream OUT = System.out;

  private Events() {}

  /** Prints the words as one event line and flushes it. */
  static void emit(Object... words) {
    StringBuilder line = new StringBuilder();
    for (Object word : words) {
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
    }
    LOCK.lock();
    try {
      OUT.println(line);
      OUT.flush();
    } finally {
      LOCK.unlock();
    }
  }
}
