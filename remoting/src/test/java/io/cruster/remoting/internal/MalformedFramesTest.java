package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cruster.remoting.internal.proto.Exit;
import io.cruster.remoting.internal.proto.Failure;
import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.Request;
import io.cruster.remoting.internal.proto.RunnerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Talks raw frames to a server, as a buggy or hostile peer would. */
@Timeout(30)
class MalformedFramesTest {
  private RunnerServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    // echoes, except that "Hold" calls are never answered
    server =
        RunnerServer.start(
            settings().build(),
            (call, sink) -> {
              if (!call.tag().equals("Hold")) {
                sink.success(call.payload());
              }
            });
    channel = Endpoints.channel(settings().build(), target(server));
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  /** A raw stream: what we send, and a queue of what comes back. */
  private final class Raw implements StreamObserver<Frame> {
    final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    volatile Throwable error;
    final StreamObserver<Frame> out = RunnerGrpc.newStub(channel).connect(this);

    Raw hello() {
      out.onNext(Protocol.hello(Protocol.VERSION, "", "raw-test"));
      assertTrue(next().hasHello());
      return this;
    }

    Frame next() {
      try {
        Frame f = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(f, "no frame within 5 s");
        return f;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    Exit exit() {
      Frame f = next();
      assertTrue(f.hasExit(), "expected an exit, got " + f);
      return f.getExit();
    }

    @Override
    public void onNext(Frame value) {
      received.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }

  private static Request.Builder valid(long callId) {
    return Request.newBuilder()
        .setCallId(callId)
        .setEntityType("Counter")
        .setEntityId("c-1")
        .setShardGroup("default")
        .setShardId(3)
        .setTag("Echo")
        .setPayload(ByteString.copyFromUtf8("payload " + callId));
  }

  private static Frame frame(Request.Builder r) {
    return Frame.newBuilder().setRequest(r).build();
  }

  @Test
  void malformedRequestsGetBadRequestAndTheStreamKeepsServing() {
    Raw raw = new Raw().hello();

    raw.out.onNext(frame(valid(1).clearEntityType()));
    Exit missingType = raw.exit();
    assertEquals(1, missingType.getCallId());
    assertEquals(Failure.Kind.BAD_REQUEST, missingType.getFailure().getKind());
    assertTrue(missingType.getFailure().getMessage().contains("entity_type is missing"));

    raw.out.onNext(frame(valid(2).clearTag()));
    assertTrue(raw.exit().getFailure().getMessage().contains("tag is missing"));

    raw.out.onNext(frame(valid(0))); // dropped: an exit with id 0 would mean "connection refused"

    raw.out.onNext(frame(valid(3).setShardId(-1)));
    assertTrue(raw.exit().getFailure().getMessage().contains("shard_id must be >= 0"));

    raw.out.onNext(frame(valid(5).addHeaderPairs("key-without-value")));
    assertTrue(
        raw.exit().getFailure().getMessage().contains("header_pairs must hold key, value pairs"));

    // frames a client must not send, and an empty frame from some future version: logged and
    // dropped
    raw.out.onNext(
        Frames.exit(
            999,
            io.cruster.remoting.internal.RemoteFailure.of(
                io.cruster.remoting.internal.RemoteFailure.Kind.ENTITY, "unknown call id")));
    raw.out.onNext(Frames.chunk(998, 0, new byte[1]));
    raw.out.onNext(Frame.getDefaultInstance());
    raw.out.onNext(Frames.ack(997, 5));
    raw.out.onNext(Frames.interrupt(996));

    raw.out.onNext(frame(valid(4)));
    Exit ok = raw.exit();
    assertEquals(4, ok.getCallId());
    assertEquals("payload 4", ok.getSuccess().toStringUtf8());

    raw.out.onNext(Frames.ping(42));
    assertEquals(42, raw.next().getPong().getNonce());
    assertEquals(null, raw.error);
    assertEquals(1, server.connectionCount());
  }

  @Test
  void aRequestReusingAnIdInFlightIsRefused() {
    Raw raw = new Raw().hello();
    raw.out.onNext(frame(valid(7).setTag("Hold")));
    raw.out.onNext(frame(valid(7).setTag("Hold")));
    Exit refused = raw.exit();
    assertEquals(7, refused.getCallId());
    assertEquals(Failure.Kind.BAD_REQUEST, refused.getFailure().getKind());
    assertTrue(refused.getFailure().getMessage().contains("already in flight"));
    raw.out.onNext(frame(valid(8)));
    assertEquals("payload 8", raw.exit().getSuccess().toStringUtf8());
  }

  @Test
  void aRequestBeforeHelloEndsThatStreamOnly() throws InterruptedException {
    Raw rude = new Raw();
    rude.out.onNext(frame(valid(1)));
    Exit refusal = rude.exit();
    assertEquals(Protocol.CONNECTION, refusal.getCallId());
    assertTrue(refusal.getFailure().getMessage().contains("expected Hello"));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> rude.error != null);

    Raw polite = new Raw().hello();
    polite.out.onNext(frame(valid(2)));
    assertEquals("payload 2", polite.exit().getSuccess().toStringUtf8());
  }
}
