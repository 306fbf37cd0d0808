package io.cruster.persistence.internal.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.persistence.FencedException;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.Storages;
import io.cruster.persistence.TestDatabase;
import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.ExecutionRecord;
import io.cruster.persistence.spi.ExecutionStatus;
import io.cruster.persistence.spi.FencingToken;
import io.cruster.persistence.spi.JournalEntry;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.persistence.spi.RequestRecord;
import io.cruster.persistence.spi.RequestStatus;
import io.cruster.persistence.spi.SaveOutcome;
import io.cruster.persistence.spi.StateWrite;
import io.cruster.persistence.spi.StepKind;
import io.cruster.persistence.spi.StoredState;
import io.cruster.persistence.spi.TimerRecord;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Concurrent commits and saves share transactions, and one bad commit fails alone. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupCommitIT {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final ShardId SHARD = new ShardId("default", 1);
  private static TestDatabase database;
  private PostgresStorage storage;

  @BeforeAll
  static void createSchema() {
    database = TestDatabase.create("group_commit");
  }

  @AfterAll
  static void dropSchema() {
    database.close();
  }

  @BeforeEach
  void openStorage() {
    storage = (PostgresStorage) Storages.postgres(database.dataSource());
    database.truncate();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
    if (counted != null) {
      counted.close();
    }
  }

  /** Statements and COMMITs sent on the connections of {@link #countedStorage()}. */
  private final AtomicInteger statements = new AtomicInteger();

  private final AtomicInteger commits = new AtomicInteger();
  private PostgresStorage counted;

  /** A second storage on the database whose connections count into the two counters. */
  private PostgresStorage countedStorage() {
    counted =
        (PostgresStorage) Storages.postgres(counting(database.dataSource(), statements, commits));
    return counted;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Commit stepOf(String entityId, long version) {
    return Commit.builder()
        .state(
            new StateWrite(
                new EntityAddress("Worker", entityId), StoredState.of(bytes(entityId), version)))
        .journal(
            new JournalEntry(
                "exec-" + entityId,
                (int) version,
                StepKind.ACTIVITY,
                "Work",
                bytes("ok"),
                false,
                T0))
        .build();
  }

  private static RequestRecord request(String requestId, String dedupeKey) {
    return new RequestRecord(
        requestId,
        new EntityAddress("Worker", "w"),
        SHARD,
        "Work",
        bytes(requestId),
        dedupeKey,
        true,
        T0,
        T0);
  }

  /**
   * Runs each task on its own virtual thread, all released at once; returns what each returned or
   * threw.
   */
  private static List<Object> allAtOnce(List<java.util.concurrent.Callable<Object>> tasks)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Object>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (var task : tasks) {
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  try {
                    return task.call();
                  } catch (StorageException e) {
                    return e;
                  }
                }));
      }
      start.countDown();
    }
    List<Object> results = new ArrayList<>();
    for (Future<Object> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  @Test
  void twoHundredConcurrentCommitsAllSucceedInFarFewerTransactions() throws Exception {
    GroupCommitter committer = storage.committer();
    long transactionsBefore = committer.transactions();
    List<java.util.concurrent.Callable<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String id = "w-" + i;
      tasks.add(
          () -> {
            storage.commit(stepOf(id, 1));
            return "ok";
          });
    }

    List<Object> results = allAtOnce(tasks);

    long transactions = committer.transactions() - transactionsBefore;
    System.out.printf(
        "group commit: 200 concurrent commits took %d transactions (largest batch %d)%n",
        transactions, committer.largestBatch());
    assertEquals(List.of("ok"), results.stream().distinct().toList());
    assertTrue(transactions <= 40, "200 commits took " + transactions + " transactions");
    for (int i = 0; i < 200; i++) {
      assertEquals(
          Optional.of(StoredState.of(bytes("w-" + i), 1)),
          storage.states().load(new EntityAddress("Worker", "w-" + i)));
      assertEquals(1, storage.journal().entries("exec-w-" + i).size());
    }
  }

  @Test
  void concurrentSavesShareTransactionsAndDeduplicate() throws Exception {
    GroupCommitter committer = storage.committer();
    long transactionsBefore = committer.transactions();
    List<java.util.concurrent.Callable<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String requestId = "r-" + i;
      String dedupeKey = "key-" + (i % 100); // two saves per key
      tasks.add(() -> storage.messages().save(request(requestId, dedupeKey)));
    }

    List<Object> results = allAtOnce(tasks);

    long transactions = committer.transactions() - transactionsBefore;
    assertEquals(100, results.stream().filter(r -> r instanceof SaveOutcome.Saved).count());
    assertEquals(100, results.stream().filter(r -> r instanceof SaveOutcome.Duplicate).count());
    assertTrue(transactions <= 40, "200 saves took " + transactions + " transactions");
    for (int i = 0; i < 100; i++) {
      boolean firstSaved = storage.messages().find("r-" + i).isPresent();
      boolean secondSaved = storage.messages().find("r-" + (i + 100)).isPresent();
      assertTrue(firstSaved ^ secondSaved, "key-" + i);
    }
  }

  @Test
  void aConflictingCommitInABatchFailsAloneAndTheOthersCommit() throws Exception {
    GroupCommitter committer = storage.committer();
    storage.commit(stepOf("blocker", 1));
    storage.commit(stepOf("stale", 1));
    long fallbacksBefore = committer.fallbacks();
    long batchesBefore = committer.batches();

    List<Future<Object>> batch = new ArrayList<>();
    try (Connection locker = database.dataSource().getConnection();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      // Hold the blocker's row, so the first flush waits and the next writes queue up behind it.
      locker.setAutoCommit(false);
      try (Statement lock = locker.createStatement()) {
        lock.execute("SELECT * FROM cruster_entity_state WHERE entity_id = 'blocker' FOR UPDATE");
      }
      Future<Object> first =
          executor.submit(
              () -> {
                storage.commit(stepOf("blocker", 2));
                return "ok";
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> committer.batches() == batchesBefore + 1);
      for (int i = 0; i < 20; i++) {
        // The eleventh writes version 1 of an entity that has it already: a conflict.
        Commit commit = i == 10 ? stepOf("stale", 1) : stepOf("fresh-" + i, 1);
        batch.add(
            executor.submit(
                () -> {
                  try {
                    storage.commit(commit);
                    return "ok";
                  } catch (StorageException e) {
                    return e;
                  }
                }));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> committer.queued() == 20);
      locker.rollback();
      assertEquals("ok", first.get(10, TimeUnit.SECONDS));
    }

    StorageException conflict = assertInstanceOf(StorageException.class, batch.get(10).get());
    assertFalse(conflict.isRetryable());
    assertTrue(conflict.getMessage().contains("Worker/stale"), conflict.getMessage());
    for (int i = 0; i < 20; i++) {
      if (i != 10) {
        assertEquals("ok", batch.get(i).get(), "commit " + i);
        assertEquals(
            Optional.of(StoredState.of(bytes("fresh-" + i), 1)),
            storage.states().load(new EntityAddress("Worker", "fresh-" + i)));
      }
    }
    assertEquals(fallbacksBefore + 1, committer.fallbacks());
    assertTrue(committer.largestBatch() >= 20, "largest batch " + committer.largestBatch());
    assertEquals(
        List.of(1),
        storage.journal().entries("exec-stale").stream().map(JournalEntry::step).toList());
  }

  @Test
  void closeWaitsForQueuedWritesThenRefusesNewOnes() throws Exception {
    List<java.util.concurrent.Callable<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = "c-" + i;
      tasks.add(
          () -> {
            storage.commit(stepOf(id, 1));
            return "ok";
          });
    }
    List<Object> results = allAtOnce(tasks);
    storage.close();

    assertEquals(List.of("ok"), results.stream().distinct().toList());
    StorageException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StorageException.class, () -> storage.commit(stepOf("late", 1)));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  /**
   * {@code source}, counting the statements prepared and the COMMITs sent on its connections
   * (autocommit statements commit on their own, with no COMMIT of their own).
   */
  private static DataSource counting(
      DataSource source, AtomicInteger statements, AtomicInteger commits) {
    InvocationHandler onDataSource =
        (proxy, method, args) -> {
          Object result = invoke(source, method, args);
          if (!(result instanceof Connection connection)) {
            return result;
          }
          return Proxy.newProxyInstance(
              GroupCommitIT.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (p, m, a) -> {
                switch (m.getName()) {
                  case "prepareStatement", "createStatement", "prepareCall" ->
                      statements.incrementAndGet();
                  case "commit" -> commits.incrementAndGet();
                  default -> {}
                }
                return invoke(connection, m, a);
              });
        };
    return (DataSource)
        Proxy.newProxyInstance(
            GroupCommitIT.class.getClassLoader(), new Class<?>[] {DataSource.class}, onDataSource);
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void aCommitAloneIsOneStatementWithNoCommitOfItsOwnAndAFailedCheckStillNamesTheConflict() {
    PostgresStorage counted = countedStorage();
    counted.commit(stepOf("alone", 1));
    statements.set(0);
    commits.set(0);

    counted.commit(stepOf("alone", 2));

    assertEquals(1, statements.get(), "statements of a commit written alone");
    assertEquals(0, commits.get(), "COMMITs of a commit written alone");
    StorageException conflict =
        org.junit.jupiter.api.Assertions.assertThrows(
            StorageException.class, () -> counted.commit(stepOf("alone", 2)));
    assertFalse(conflict.isRetryable());
    assertTrue(
        conflict.getMessage().contains("state version conflict for Worker/alone"),
        conflict.getMessage());
    assertEquals(
        Optional.of(StoredState.of(bytes("alone"), 2)),
        counted.states().load(new EntityAddress("Worker", "alone")));
    assertEquals(
        List.of(1, 2),
        counted.journal().entries("exec-alone").stream().map(JournalEntry::step).toList());
  }

  @Test
  void aSaveAloneIsOneStatementAndADuplicateComesBackAsTheStoredRequest() {
    PostgresStorage counted = countedStorage();
    statements.set(0);
    commits.set(0);

    SaveOutcome first = counted.messages().save(request("one", "k"));

    assertInstanceOf(SaveOutcome.Saved.class, first);
    assertEquals(1, statements.get(), "statements of a save written alone");
    assertEquals(0, commits.get(), "COMMITs of a save written alone");
    SaveOutcome.Duplicate duplicate =
        assertInstanceOf(SaveOutcome.Duplicate.class, counted.messages().save(request("two", "k")));
    assertEquals("one", duplicate.existing().request().requestId());
  }

  @Test
  void aWorkflowStartAloneIsOneStatementAndKeepsItsTraceContext() {
    PostgresStorage counted = countedStorage();
    Map<String, String> trace =
        Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    statements.set(0);
    commits.set(0);

    SaveOutcome first =
        counted
            .executions()
            .start(request("wf-1", "wf").withTraceContext(trace), Optional.empty(), List.of());

    assertInstanceOf(SaveOutcome.Saved.class, first);
    assertEquals(1, statements.get(), "statements of a workflow start written alone");
    assertEquals(0, commits.get(), "COMMITs of a workflow start written alone");
    assertEquals(ExecutionStatus.RUNNING, counted.executions().find("wf-1").orElseThrow().status());
    assertEquals(trace, counted.messages().find("wf-1").orElseThrow().request().traceContext());
    SaveOutcome.Duplicate duplicate =
        assertInstanceOf(
            SaveOutcome.Duplicate.class,
            counted.executions().start(request("wf-2", "wf"), Optional.empty(), List.of()));
    assertEquals("wf-1", duplicate.existing().request().requestId());
    assertTrue(counted.executions().find("wf-2").isEmpty(), "no record for a duplicate start");
  }

  @Test
  void aFencedCommitWithReplyAndTimerAloneIsOneStatementAndAStaleTokenAppliesNothing() {
    PostgresStorage counted = countedStorage();
    FencingToken token = counted.fenceShards(List.of(SHARD)).get(0);
    counted.messages().save(request("asked", "asked"));
    statements.set(0);
    commits.set(0);

    counted.commit(
        Commit.builder()
            .fence(token)
            .journal(new JournalEntry("exec-f", 1, StepKind.SLEEP, "sleep", bytes("t"), false, T0))
            .timer(
                new TimerRecord(
                    "exec-f/1", new EntityAddress("Worker", "w"), SHARD, "exec-f", 1, T0))
            .reply(new ReplyRecord("asked", false, bytes("done"), T0))
            .build());

    assertEquals(1, statements.get(), "statements of a fenced commit written alone");
    assertEquals(0, commits.get(), "COMMITs of a fenced commit written alone");
    assertEquals(1, counted.timers().due(List.of(SHARD), T0.plusSeconds(1), 10).size());
    assertEquals(RequestStatus.DONE, counted.messages().find("asked").orElseThrow().status());

    counted.fenceShards(List.of(SHARD));
    Commit stale =
        Commit.builder()
            .fence(token)
            .journal(new JournalEntry("exec-f", 2, StepKind.SLEEP, "sleep", bytes("t"), false, T0))
            .deleteTimer("exec-f/1")
            .build();
    FencedException fenced =
        org.junit.jupiter.api.Assertions.assertThrows(
            FencedException.class, () -> counted.commit(stale));
    assertTrue(fenced.isRetryable());
    assertEquals(1, counted.journal().entries("exec-f").size());
    assertEquals(1, counted.timers().due(List.of(SHARD), T0.plusSeconds(1), 10).size());
  }

  @Test
  void concurrentEndsOfExecutionsShareTransactionsAndTellTheListenersAndAStaleOneIsRefused()
      throws Exception {
    int n = 100;
    int stale = 37;
    PostgresStorage storage = countedStorage();
    for (int i = 0; i < n; i++) {
      storage.executions().start(request("wf-" + i, "wf-" + i), Optional.empty(), List.of());
    }
    FencingToken old = storage.fenceShards(List.of(SHARD)).get(0);
    FencingToken current = storage.fenceShards(List.of(SHARD)).get(0);
    java.util.Set<String> told = java.util.concurrent.ConcurrentHashMap.newKeySet();
    var subscription =
        storage
            .executions()
            .subscribe(
                new io.cruster.persistence.spi.ExecutionListener() {
                  @Override
                  public void ended(String executionId) {
                    told.add(executionId);
                  }

                  @Override
                  public void cancelRequested(String executionId) {}

                  @Override
                  public void missed() {}
                });
    try {
      // A fresh subscription first says missed(); an end written before it listens is not told.
      storage.executions().start(request("probe", "probe"), Optional.empty(), List.of());
      storage
          .executions()
          .finish(
              new ReplyRecord("probe", false, bytes("p"), T0),
              ExecutionStatus.COMPLETED,
              Optional.empty());
      await().atMost(Duration.ofSeconds(10)).until(() -> told.contains("probe"));
      statements.set(0);
      commits.set(0);
      List<java.util.concurrent.Callable<Object>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ReplyRecord reply =
            i % 2 == 0
                ? new ReplyRecord("wf-" + i, false, bytes("out-" + i), T0.plusSeconds(i))
                : new ReplyRecord("wf-" + i, true, bytes("boom-" + i), T0.plusSeconds(i));
        ExecutionStatus status = i % 2 == 0 ? ExecutionStatus.COMPLETED : ExecutionStatus.FAILED;
        Optional<FencingToken> fence =
            i == stale ? Optional.of(old) : i % 3 == 0 ? Optional.empty() : Optional.of(current);
        tasks.add(
            () ->
                storage.executions().finish(reply, status, Optional.of("failure " + reply), fence));
      }

      java.util.concurrent.Callable<Object> staleEnd = tasks.set(stale, () -> "later");

      List<Object> results = allAtOnce(tasks);
      int roundTrips = statements.get() + commits.get();
      results.set(stale, allAtOnce(List.of(staleEnd)).get(0));

      System.out.printf(
          "group commit: %d concurrent ends of executions took %d round trips%n", n, roundTrips);
      assertTrue(roundTrips <= 40, (n - 1) + " ends took " + roundTrips + " round trips");
      assertInstanceOf(FencedException.class, results.get(stale));
      for (int i = 0; i < n; i++) {
        ExecutionRecord record = storage.executions().find("wf-" + i).orElseThrow();
        if (i == stale) {
          assertEquals(ExecutionStatus.RUNNING, record.status());
          assertEquals(
              RequestStatus.PENDING, storage.messages().find("wf-" + i).orElseThrow().status());
          continue;
        }
        assertEquals(true, results.get(i), "finish " + i);
        boolean failed = i % 2 == 1;
        assertEquals(failed ? ExecutionStatus.FAILED : ExecutionStatus.COMPLETED, record.status());
        assertEquals(Optional.of(T0.plusSeconds(i)), record.endedAt());
        assertEquals(failed, record.failure().isPresent(), "failure text of " + i);
        assertEquals(
            failed ? "boom-" + i : "out-" + i,
            new String(record.reply().orElseThrow().payload(), StandardCharsets.UTF_8));
        assertEquals(
            failed ? RequestStatus.FAILED : RequestStatus.DONE,
            storage.messages().find("wf-" + i).orElseThrow().status());
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> told.size() == n); // the probe and the n - 1 that ended
      assertFalse(told.contains("wf-" + stale));
      assertFalse(
          storage
              .executions()
              .finish(
                  new ReplyRecord("wf-0", false, bytes("again"), T0),
                  ExecutionStatus.COMPLETED,
                  Optional.empty()),
          "a second end of an ended execution changes nothing");
    } finally {
      subscription.close();
    }
  }
}
