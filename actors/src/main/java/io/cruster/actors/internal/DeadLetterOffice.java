package io.cruster.actors.internal;

import io.cruster.actors.ActorRef;
import io.cruster.actors.DeadLetter;
import io.cruster.actors.DeadLetters;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, logs and publishes undelivered messages. The first {@value #LOGGED_AT_INFO} are logged at
 * INFO, then DEBUG, so a storm of dead letters cannot flood the log. Thread-safe.
 */
final class DeadLetterOffice implements DeadLetters {
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
  private static final int LOGGED_AT_INFO = 10;
  private final LongAdder count = new LongAdder();
  private final CopyOnWriteArrayList<Consumer<? super DeadLetter>> listeners =
      new CopyOnWriteArrayList<>();

  void publish(Object message, ActorRef<?> recipient, DeadLetter.Reason reason) {
    count.increment();
    boolean info = count.sum() <= LOGGED_AT_INFO;
    if (listeners.isEmpty() && !(info ? log.isInfoEnabled() : log.isDebugEnabled())) {
      return;
    }
    DeadLetter letter = new DeadLetter(message, recipient.path(), reason);
    if (info) {
      log.info(
          "dead letter to {} ({}): {}{}",
          letter.recipient(),
          reason,
          message,
          count.sum() == LOGGED_AT_INFO ? " (further dead letters are logged at DEBUG)" : "");
    } else {
      log.debug("dead letter to {} ({}): {}", letter.recipient(), reason, message);
    }
    for (Consumer<? super DeadLetter> l : listeners) {
      try {
        l.accept(letter);
      } catch (RuntimeException e) {
        log.warn("a dead letter listener failed", e);
      }
    }
  }

  @Override
  public long count() {
    return count.sum();
  }

  @Override
  public AutoCloseable subscribe(Consumer<? super DeadLetter> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
