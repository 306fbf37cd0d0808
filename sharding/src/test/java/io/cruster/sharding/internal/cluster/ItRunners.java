package io.cruster.sharding.internal.cluster;

import io.etcd.jetcd.Client;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process runners of one integration test, each with its own etcd client, all under one unique
 * key prefix; {@link #close()} closes them and deletes the prefix. Thread-safe enough for starting
 * runners from several threads.
 */
final class ItRunners implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ItRunners.class);

  /** A started runner and the last runner set its listener got. */
  record Runner(EtcdMembership membership, Client client, AtomicReference<Set<RunnerId>> view) {
    RunnerId id() {
      return membership.self();
    }

    ShardLocks locks() {
      return membership.shardLocks();
    }
  }

  private final String prefix;
  private final ClusterSettings settings;
  private final Client admin = TestEtcd.client();
  private final List<Runner> runners = new CopyOnWriteArrayList<>();

  ItRunners(String test) {
    this.prefix = TestEtcd.uniquePrefix(test);
    this.settings = TestEtcd.settings(prefix);
  }

  /** A client for looking at and meddling with the test's keys. */
  Client admin() {
    return admin;
  }

  String prefix() {
    return prefix;
  }

  ClusterSettings settings() {
    return settings;
  }

  /** Starts a runner of weight 1 serving {@code groups}. */
  Runner start(String address, Set<String> groups) {
    return start(new Member(RunnerId.create(address, 1), groups), settings, null);
  }

  /**
   * Starts {@code member} with the lease of {@code leaseSettings}'s TTL and margin (the prefix is
   * the test's); {@code keepAlives} replaces the real keep-alives when not null.
   */
  Runner start(Member member, ClusterSettings leaseSettings, KeepAliveSource keepAlives) {
    Client client = TestEtcd.client();
    AtomicReference<Set<RunnerId>> view = new AtomicReference<>(Set.of());
    ClusterSettings own = leaseSettings.withKeyPrefix(prefix);
    EtcdMembership membership =
        new EtcdMembership(
            client,
            own,
            member,
            view::set,
            keepAlives == null ? KeepAliveSource.etcd(client.getLeaseClient()) : keepAlives,
            MonotonicClock.SYSTEM);
    Runner runner = new Runner(membership, client, view);
    runners.add(runner);
    membership.start();
    return runner;
  }

  @Override
  public void close() {
    for (Runner runner : runners.reversed()) {
      runner.membership().close();
      runner.client().close();
    }
    try {
      TestEtcd.deletePrefix(admin, prefix);
    } catch (Exception e) {
      LOG.warn("could not delete {}", prefix, e);
    }
    admin.close();
  }
}
