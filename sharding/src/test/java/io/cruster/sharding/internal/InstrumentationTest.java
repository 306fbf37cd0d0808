package io.cruster.sharding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.ShardingConfig;
import io.cruster.sharding.spi.Instrumentation;
import io.cruster.sharding.spi.Observation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/** What a runtime reports to its instrumentation, and the MDC of its entities' work. */
@Timeout(20)
class InstrumentationTest {
  record State(int n) {}

  @Public
  record Add(int n) implements Activity<Integer> {}

  static final EntityType<State> TYPE =
      EntityType.define("Adder", State.class)
          .init(ctx -> new State(0))
          .activity(
              Add.class,
              (ctx, m) -> {
                if (m.n() < 0) {
                  throw new IllegalArgumentException("negative");
                }
                ctx.setState(new State(ctx.state().n() + m.n()));
                return ctx.state().n();
              })
          .build();

  private final FakeScheduler clock = new FakeScheduler();
  private final Storage storage = Storages.inMemory(SchedulerClock.of(clock));
  private final EntityRuntime runtime =
      new EntityRuntime(
          "test", storage, ShardingConfig.defaults(), clock, SchedulerClock.of(clock));

  @AfterEach
  void close() {
    MDC.clear();
    runtime.close();
    storage.close();
  }

  @Test
  void anUninstrumentedRuntimeReportsToTheSharedNoOp() {
    runtime.instrument(List.of(), "r");
    assertSame(Instrumentation.NONE, runtime.instrumentation());
  }

  @Test
  void theMdcOfEntityWorkIsRestoredNotRemovedAfterwards() {
    EntityClient client = runtime.register(TYPE);
    client.call("e-1", new Add(1));
    EntityInstance instance = runtime.route(runtime.type("Adder"), "e-1", i -> {});
    MDC.put("cruster.entityType", "Outer");
    MDC.put("cruster.requestId", "outer-request");
    Map<String, String> inside = new HashMap<>();

    instance.withMdc("r-1", () -> inside.putAll(MDC.getCopyOfContextMap()));

    assertEquals(
        Map.of(
            "cruster.entityType", "Adder",
            "cruster.entityId", "e-1",
            "cruster.requestId", "r-1",
            "cruster.runner", "test"),
        inside);
    assertEquals("Outer", MDC.get("cruster.entityType"));
    assertEquals("outer-request", MDC.get("cruster.requestId"));
    assertNull(MDC.get("cruster.entityId"));
    assertNull(MDC.get("cruster.runner"));
  }

  @Test
  void callsHandlersAndCommitsAreObservedAndTheStoredRequestKeepsTheCallersContext() {
    List<String> events = new CopyOnWriteArrayList<>();
    List<String> requestIds = new CopyOnWriteArrayList<>();
    Instrumentation recording =
        new Instrumentation() {
          Observation named(String name, Map<String, String> parent) {
            events.add("start " + name + (parent.isEmpty() ? "" : " under " + parent.get("id")));
            return new Observation() {
              @Override
              public void inject(Map<String, String> carrier) {
                carrier.put("id", name);
              }

              @Override
              public void end(Throwable error) {
                events.add("end " + name + (error == null ? "" : " failed"));
              }
            };
          }

          @Override
          public Observation call(
              String entityType, String entityId, String tag, String kind, boolean remote) {
            return named("call " + entityType + "/" + entityId + " " + kind, Map.of());
          }

          @Override
          public Observation handle(
              String entityType,
              String entityId,
              String tag,
              String kind,
              String requestId,
              Map<String, String> parent) {
            requestIds.add(requestId);
            return named("handle " + entityType + "/" + entityId, parent);
          }

          @Override
          public Observation commit(String entityType, String entityId, String tag) {
            return named("commit", Map.of());
          }

          @Override
          public void entityActivated(String entityType, String entityId) {
            events.add("activated " + entityId);
          }
        };
    runtime.instrument(List.of(recording), "r");
    EntityClient client = runtime.register(TYPE);

    assertEquals(2, client.call("e-2", new Add(2)));
    org.awaitility.Awaitility.await().until(() -> events.contains("end call Adder/e-2 activity"));

    assertEquals(
        List.of(
            "start call Adder/e-2 activity",
            "activated e-2",
            "start handle Adder/e-2 under call Adder/e-2 activity",
            "start commit",
            "end commit",
            "end handle Adder/e-2",
            "end call Adder/e-2 activity"),
        events);
    assertEquals(
        Map.of("id", "call Adder/e-2 activity"),
        storage.messages().find(requestIds.get(0)).orElseThrow().request().traceContext(),
        "the stored request keeps the caller's context for a later delivery");
  }
}
