package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MultiplexTest {
  private static final int CALLS = 10_000;

  @Test
  void tenThousandConcurrentCallsShareOneStream() {
    // The server answers nothing until all 10,000 requests are in: they are in flight at the same
    // time.
    Map<ReplySink, byte[]> held = new ConcurrentHashMap<>();
    AtomicInteger arrived = new AtomicInteger();
    RequestHandler holdAll =
        (call, sink) -> {
          held.put(sink, call.payload());
          if (arrived.incrementAndGet() == CALLS) {
            Thread.ofVirtual().start(() -> held.forEach(ReplySink::success));
          }
        };
    try (RunnerServer server = RunnerServer.start(settings().build(), holdAll);
        RunnerClient client = RunnerClient.connect(settings().build(), target(server))) {
      List<CompletableFuture<byte[]>> replies = new ArrayList<>(CALLS);
      for (int i = 0; i < CALLS; i++) {
        replies.add(client.callAsync(call("Echo", "call-" + i)));
      }
      CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
      for (int i = 0; i < CALLS; i++) {
        assertEquals("call-" + i, string(replies.get(i).join()));
      }
      assertEquals(1, server.connectionCount());
      assertEquals(CALLS, arrived.get());
    }
  }

  @Test
  void blockingCallsFromManyVirtualThreadsShareOneStream() throws Exception {
    try (RunnerServer server = RunnerServer.start(settings().build(), Fixtures.echo());
        RunnerClient client = RunnerClient.connect(settings().build(), target(server));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<String>> replies = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        String payload = "v-" + i;
        replies.add(threads.submit(() -> string(client.call(call("Echo", payload)))));
      }
      for (int i = 0; i < replies.size(); i++) {
        assertEquals("v-" + i, replies.get(i).get());
      }
      assertEquals(1, server.connectionCount());
    }
  }
}
