package io.cruster.persistence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Completed requests by the second of their reply, for purging: each second's requests in the order
 * they were added. Adding to the newest second, the usual case, costs a map lookup instead of an
 * insertion into a sorted tree of every completed request (millions in a long run, and a tenth of
 * the CPU of an in-memory activity call). Within one second the purge takes requests in the order
 * they were added, not by their exact reply time. Not thread-safe: guarded by the storage's lock.
 *
 * @param <T> what is indexed
 */
final class CompletedIndex<T> {
  private final TreeMap<Long, Map<Long, Completed<T>>> bySecond = new TreeMap<>();
  private Map.Entry<Long, Map<Long, Completed<T>>> newest;

  private record Completed<T>(Instant at, T value) {}

  /** Adds {@code value}, completed at {@code at}, under its unique {@code seq}. */
  void add(Instant at, long seq, T value) {
    long second = at.getEpochSecond();
    Map<Long, Completed<T>> bucket;
    if (newest != null && newest.getKey() == second) {
      bucket = newest.getValue();
    } else {
      bucket = bySecond.computeIfAbsent(second, s -> new LinkedHashMap<>());
      if (newest == null || second > newest.getKey()) {
        newest = Map.entry(second, bucket);
      }
    }
    bucket.put(seq, new Completed<>(at, value));
  }

  /** Removes what was added at {@code at} under {@code seq}, if it is there. */
  void remove(Instant at, long seq) {
    long second = at.getEpochSecond();
    Map<Long, Completed<T>> bucket = bySecond.get(second);
    if (bucket != null && bucket.remove(seq) != null && bucket.isEmpty()) {
      bySecond.remove(second);
      if (newest != null && newest.getKey() == second) {
        newest = null;
      }
    }
  }

  /**
   * Removes and returns up to {@code limit} values completed before {@code cutoff}, oldest first.
   */
  List<T> removeBefore(Instant cutoff, int limit) {
    List<T> removed = new ArrayList<>();
    var seconds = bySecond.headMap(cutoff.getEpochSecond(), true).entrySet().iterator();
    while (seconds.hasNext() && removed.size() < limit) {
      var second = seconds.next();
      Iterator<Completed<T>> entries = second.getValue().values().iterator();
      while (entries.hasNext() && removed.size() < limit) {
        Completed<T> c = entries.next();
        if (c.at().isBefore(cutoff)) {
          entries.remove();
          removed.add(c.value());
        }
      }
      if (second.getValue().isEmpty()) {
        if (newest != null && newest.getKey().equals(second.getKey())) {
          newest = null;
        }
        seconds.remove();
      }
    }
    return removed;
  }
}
