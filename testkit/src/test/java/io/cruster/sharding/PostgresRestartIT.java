package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.CrusterException;
import io.cruster.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL restarts (pg_ctl restart) while callers keep a SingleRunner busy: callers see only
 * success or retryable errors, the runner reconnects by itself, and no increment is lost or applied
 * twice (each caller retries with the same idempotency key).
 */
@Timeout(150)
class PostgresRestartIT {
  private static final int CALLERS = 8;
  private static final int CALLS_EACH = 150;
  private static final int ENTITIES = 10;
  private String database;
  private String url;

  @BeforeEach
  void createDatabase() throws Exception {
    database = "restart_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    url = TestServices.postgresUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
  }

  @AfterEach
  void dropDatabase() throws Exception {
    try (Connection c = DriverManager.getConnection(TestServices.postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  @Test
  void callersSurviveAPostgresRestartWithNothingLostOrDoubled() throws Exception {
    ShardingConfig config =
        ShardingConfig.builder()
            .storagePollInterval(Duration.ofMillis(100))
            .callTimeout(Duration.ofSeconds(5))
            .build();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    Queue<Throwable> fatal = new ConcurrentLinkedQueue<>();
    try (SingleRunner runner = SingleRunner.builder().jdbcUrl(url).config(config).build().start()) {
      EntityClient counters = runner.register(Counter.TYPE);
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < CALLERS; t++) {
        int caller = t;
        callers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; i < CALLS_EACH; i++) {
                        String key = "caller-" + caller + "-call-" + i;
                        while (true) {
                          try {
                            counters.call(
                                "c" + (i % ENTITIES),
                                new Counter.Increment(1),
                                CallOptions.idempotencyKey(key));
                            done.incrementAndGet();
                            break;
                          } catch (CrusterException e) {
                            if (!e.isRetryable()) {
                              fatal.add(e);
                              return;
                            }
                            retries.incrementAndGet();
                          }
                        }
                      }
                    }));
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> done.get() >= CALLERS * CALLS_EACH / 4);
      restartPostgres();
      for (Thread t : callers) {
        t.join(Duration.ofSeconds(120));
      }
      assertTrue(fatal.isEmpty(), "callers saw non-retryable errors: " + fatal);
      assertEquals(CALLERS * CALLS_EACH, done.get());
      int total = 0;
      for (int e = 0; e < ENTITIES; e++) {
        total += counters.call("c" + e, new Counter.GetCount());
      }
      assertEquals(
          CALLERS * CALLS_EACH,
          total,
          "every increment applied exactly once (" + retries.get() + " retries)");
    }
  }

  /** Runs {@code scripts/services restart-postgres} of the repository that started the services. */
  private static void restartPostgres() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("scripts/services"))) {
      dir = dir.getParent();
    }
    assertTrue(dir != null, "scripts/services not found above " + Path.of("").toAbsolutePath());
    Process p =
        new ProcessBuilder(dir.resolve("scripts/services").toString(), "restart-postgres")
            .inheritIO()
            .start();
    assertEquals(0, p.waitFor(), "scripts/services restart-postgres failed");
  }
}
