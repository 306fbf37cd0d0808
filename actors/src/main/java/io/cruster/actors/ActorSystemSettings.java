package io.cruster.actors;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link ActorSystem}. Immutable; start from {@link #defaults()} or {@link
 * #builder()}.
 *
 * @param mailboxCapacity default bounded mailbox capacity per actor ({@value
 *     #DEFAULT_MAILBOX_CAPACITY})
 * @param throughput messages an actor handles in one activation before it lets others run ({@value
 *     #DEFAULT_THROUGHPUT})
 * @param terminateTimeout how long {@link ActorSystem#close()} waits for all actors to stop (10 s)
 * @param scheduler the time source for timers and ask timeouts
 */
public record ActorSystemSettings(
    int mailboxCapacity, int throughput, Duration terminateTimeout, Scheduler scheduler) {

  public static final int DEFAULT_MAILBOX_CAPACITY = 1024;
  public static final int DEFAULT_THROUGHPUT = 64;
  public static final Duration DEFAULT_TERMINATE_TIMEOUT = Duration.ofSeconds(10);

  public ActorSystemSettings {
    if (mailboxCapacity < 1) {
      throw new IllegalArgumentException("mailboxCapacity must be >= 1, was " + mailboxCapacity);
    }
    if (throughput < 1) {
      throw new IllegalArgumentException("throughput must be >= 1, was " + throughput);
    }
    Objects.requireNonNull(terminateTimeout, "terminateTimeout");
    Objects.requireNonNull(scheduler, "scheduler");
  }

  /** The defaults: mailbox 1024, throughput 64, terminate timeout 10 s, the system scheduler. */
  public static ActorSystemSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  public ActorSystemSettings withScheduler(Scheduler s) {
    return new ActorSystemSettings(mailboxCapacity, throughput, terminateTimeout, s);
  }

  public ActorSystemSettings withMailboxCapacity(int capacity) {
    return new ActorSystemSettings(capacity, throughput, terminateTimeout, scheduler);
  }

  /** Builds {@link ActorSystemSettings}. Not thread-safe. */
  public static final class Builder {
    private int mailboxCapacity = DEFAULT_MAILBOX_CAPACITY;
    private int throughput = DEFAULT_THROUGHPUT;
    private Duration terminateTimeout = DEFAULT_TERMINATE_TIMEOUT;
    private Scheduler scheduler = Scheduler.system();

    private Builder() {}

    public Builder mailboxCapacity(int capacity) {
      this.mailboxCapacity = capacity;
      return this;
    }

    public Builder throughput(int messages) {
      this.throughput = messages;
      return this;
    }

    public Builder terminateTimeout(Duration timeout) {
      this.terminateTimeout = timeout;
      return this;
    }

    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public ActorSystemSettings build() {
      return new ActorSystemSettings(mailboxCapacity, throughput, terminateTimeout, scheduler);
    }
  }
}
