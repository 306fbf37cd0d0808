package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.COUNTER;
import static io.cruster.remoting.internal.Fixtures.SHARD;
import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.echo;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SizeLimitTest {
  private static final int LIMIT = 64 * 1024;

  private static RemoteCall sized(String tag, int bytes) {
    return RemoteCall.of(COUNTER, SHARD, tag, new byte[bytes]);
  }

  @Test
  void anOversizeRequestFailsThatCallAndTheStreamStaysUp() {
    TransportSettings s = settings().maxMessageBytes(LIMIT).build();
    try (RunnerServer server = RunnerServer.start(s, echo());
        RunnerClient client = RunnerClient.connect(s, target(server))) {
      String incarnation = client.peer().orElseThrow().incarnation();
      RemoteException e =
          assertThrows(RemoteException.class, () -> client.call(sized("Put", LIMIT + 1)));
      assertEquals(Kind.TOO_LARGE, e.kind());
      assertTrue(e.getMessage().contains("over the limit of " + LIMIT), e.getMessage());
      assertEquals(LIMIT - 1024, client.call(sized("Put", LIMIT - 1024)).length);
      assertTrue(client.isConnected());
      assertEquals(incarnation, client.peer().orElseThrow().incarnation());
      assertEquals(1, server.connectionCount());
    }
  }

  @Test
  void aServerWithASmallerLimitRefusesTheRequestAndKeepsServing() {
    TransportSettings small = settings().maxMessageBytes(LIMIT).build();
    TransportSettings large = settings().maxMessageBytes(4 * LIMIT).build();
    try (RunnerServer server = RunnerServer.start(small, echo());
        RunnerClient client = RunnerClient.connect(large, target(server))) {
      RemoteException e =
          assertThrows(RemoteException.class, () -> client.call(sized("Put", 2 * LIMIT)));
      assertEquals(Kind.TOO_LARGE, e.kind());
      assertTrue(e.getMessage().contains("over the limit of " + LIMIT), e.getMessage());
      assertEquals("small", string(client.call(call("Echo", "small"))));
      assertEquals(1, server.connectionCount());
    }
  }

  @Test
  void anOversizeReplyFailsThatCallWithTooLarge() {
    TransportSettings s = settings().maxMessageBytes(LIMIT).build();
    RequestHandler inflate =
        (call, sink) ->
            sink.success(call.tag().equals("Big") ? new byte[LIMIT * 2] : call.payload());
    try (RunnerServer server = RunnerServer.start(s, inflate);
        RunnerClient client = RunnerClient.connect(s, target(server))) {
      RemoteException e = assertThrows(RemoteException.class, () -> client.call(call("Big", "")));
      assertEquals(Kind.TOO_LARGE, e.kind());
      assertEquals("fine", string(client.call(call("Echo", "fine"))));
    }
  }

  @Test
  void anOversizeChunkIsRefusedToTheHandlerAndTheStreamGoesOn() {
    TransportSettings s = settings().maxMessageBytes(LIMIT).build();
    AtomicReference<RemoteException> refused = new AtomicReference<>();
    RequestHandler chunks =
        RequestHandler.onVirtualThreads(
            (call, sink) -> {
              try {
                sink.chunk(new byte[LIMIT * 2]);
              } catch (RemoteException e) {
                refused.set(e);
              }
              sink.chunk(Fixtures.bytes("small chunk"));
              sink.success(new byte[0]);
            });
    try (RunnerServer server = RunnerServer.start(s, chunks);
        RunnerClient client = RunnerClient.connect(s, target(server));
        ReplyStream stream = client.stream(call("Chunks", ""))) {
      RemoteReply.Chunk first = assertInstanceOf(RemoteReply.Chunk.class, stream.next());
      assertEquals(0, first.sequence());
      assertEquals("small chunk", string(first.payload()));
      assertInstanceOf(RemoteReply.Exit.class, stream.next());
      assertEquals(Kind.TOO_LARGE, refused.get().kind());
    }
  }
}
