package io.cruster.benchmarks.peer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the durable programs of every framework report to, from inside their bodies (see {@link
 * DurableApp}); read by {@link PeerMain}. One per process (static), since each framework's side
 * runs in a process of its own. Thread-safe.
 *
 * <p>A body runs again on replay or recovery; the probe counts each flow's end and each nap's
 * wake-up once per id.
 */
public final class Probe {
  private static final long NOT_SET = Long.MIN_VALUE;

  /** Step latencies of the running batch (workload "step"), or null when steps are not timed. */
  private static volatile long[] stepLatencies;

  private static final AtomicInteger stepsRecorded = new AtomicInteger();

  /** Closed in the first phase of the recovery workload: flows stop after their first step. */
  private static final CountDownLatch gate = new CountDownLatch(1);

  private static volatile boolean gateClosed;

  private static final Set<String> finished = ConcurrentHashMap.newKeySet();

  private static final ConcurrentHashMap<String, Long> napStarts = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Long> napLags = new ConcurrentHashMap<>();
  private static volatile long napNanos;

  private static final AtomicLong handled = new AtomicLong();

  private Probe() {}

  // ---- inside the flow

  /** The output of step {@code i} of flow {@code id}: a small string (under 40 bytes). */
  public static String stepOutput(String id, int i) {
    return "step-" + i + "-of-" + id;
  }

  /**
   * Called by a flow after its step {@code i} ended (the step's outcome durable), with the {@link
   * System#nanoTime()} read just before the step began. Blocks forever after the first step while
   * the recovery gate is closed.
   */
  public static void stepDone(int i, long startNanos) {
    long[] latencies = stepLatencies;
    if (latencies != null) {
      int slot = stepsRecorded.getAndIncrement();
      if (slot < latencies.length) {
        latencies[slot] = System.nanoTime() - startNanos;
      }
    }
    if (i == 0 && gateClosed) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted at the recovery gate", e);
      }
    }
  }

  /** Called by a flow at its end. */
  public static void finished(String id) {
    finished.add(id);
  }

  // ---- inside the nap

  /** Called by a nap just before its durable sleep; only the first call per id counts. */
  public static void sleeping(String id) {
    napStarts.putIfAbsent(id, System.nanoTime());
  }

  /** Called by a nap after its durable sleep; only the first call per id counts. */
  public static void woke(String id) {
    Long start = napStarts.get(id);
    if (start != null) {
      napLags.putIfAbsent(id, System.nanoTime() - start - napNanos);
    }
  }

  // ---- inside the tally's handler

  /** Called by the tally's handler once it has recorded its message. */
  public static void handled() {
    handled.incrementAndGet();
  }

  // ---- the driver's side

  static void timeSteps(int capacity) {
    stepsRecorded.set(0);
    stepLatencies = new long[capacity];
  }

  /** The step latencies recorded since {@link #timeSteps}, and stops timing. */
  static long[] timedSteps() {
    long[] latencies = stepLatencies;
    stepLatencies = null;
    int n = Math.min(stepsRecorded.get(), latencies.length);
    return java.util.Arrays.copyOf(latencies, n);
  }

  static void closeGate() {
    gateClosed = true;
  }

  static int finishedCount() {
    return finished.size();
  }

  static void resetNaps(long napDurationNanos) {
    napStarts.clear();
    napLags.clear();
    napNanos = napDurationNanos;
  }

  static int napsWoken() {
    return napLags.size();
  }

  static long[] napLags() {
    return napLags.values().stream().mapToLong(Long::longValue).toArray();
  }

  static long handledCount() {
    return handled.get();
  }
}
