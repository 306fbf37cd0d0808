package io.cruster.samples.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.remoting.internal.RemoteCall;
import io.cruster.remoting.internal.RemoteException;
import io.cruster.remoting.internal.RemoteFailure;
import io.cruster.remoting.internal.RunnerClient;
import io.cruster.remoting.internal.TransportSettings;
import io.cruster.remoting.internal.proto.Exit;
import io.cruster.remoting.internal.proto.Failure;
import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.Hello;
import io.cruster.remoting.internal.proto.Request;
import io.cruster.remoting.internal.proto.RunnerGrpc;
import io.cruster.samples.cluster.RunnerCluster.Runner;
import io.cruster.sharding.internal.Models;
import io.cruster.sharding.internal.ShardHash;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input over the wire against a runner process: each is refused with a clear, typed error, and
 * the runner keeps serving. The raw frames are written with the transport's generated protobuf
 * classes and grpc-java, as a runner of another version (or a broken one) would send them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WireIT extends ClusterTest {
  private Runner runner;

  @BeforeEach
  void startRunner() {
    runner = cluster.start(1).get(0);
    cluster.awaitSettled(List.of(runner), Duration.ofSeconds(60));
  }

  @Test
  void aRunnerOfAnotherProtocolVersionIsRefusedAndTheRunnerKeepsServing() throws Exception {
    try (RawStream raw = new RawStream(runner.address())) {
      raw.send(
          Frame.newBuilder()
              .setHello(
                  Hello.newBuilder()
                      .setProtocolVersion(99)
                      .setRunnerAddress("127.0.0.1:1")
                      .setIncarnation("from-the-future"))
              .build());
      Exit refusal = raw.next().getExit();
      assertEquals(0, refusal.getCallId());
      assertEquals(Failure.Kind.BAD_REQUEST, refusal.getFailure().getKind());
      assertTrue(
          refusal.getFailure().getMessage().contains("version"), refusal.getFailure().getMessage());
      assertEquals(Status.Code.FAILED_PRECONDITION, raw.error().getCode());
    }
    assertEquals("5", runner.get("/deposit?id=after-version&amount=5"), "the runner still serves");
  }

  @Test
  void malformedEnvelopesUnknownTypesUndecodablePayloadsAndOversizeFramesAreRefused()
      throws Exception {
    String id = "wire-1";
    ShardId shard = ShardHash.shardOf("default", id, RunnerCluster.SHARDS);
    try (RawStream raw = new RawStream(runner.address())) {
      raw.send(
          Frame.newBuilder()
              .setHello(
                  Hello.newBuilder()
                      .setProtocolVersion(1)
                      .setRunnerAddress("127.0.0.1:1")
                      .setIncarnation("raw"))
              .build());
      assertTrue(raw.next().hasHello(), "the runner answers a compatible hello with its own");
      // A request with no entity type, no tag and a negative shard.
      raw.send(
          Frame.newBuilder()
              .setRequest(Request.newBuilder().setCallId(7).setEntityId(id).setShardId(-3))
              .build());
      Exit malformed = raw.next().getExit();
      assertEquals(7, malformed.getCallId());
      assertEquals(
          Failure.Kind.BAD_REQUEST, malformed.getFailure().getKind(), malformed.toString());
    }
    try (RunnerClient client =
        RunnerClient.connect(TransportSettings.defaults(), runner.address())) {
      EntityAddress account = new EntityAddress("Account", id);
      String deposit = Models.of(Account.TYPE).handler(Account.Deposit.class).orElseThrow().tag();
      byte[] payload = Models.of(Account.TYPE).serializer().toBytes(new Account.Deposit(1));
      assertKind(
          RemoteFailure.Kind.UNKNOWN_TYPE,
          client,
          RemoteCall.builder(new EntityAddress("NoSuchType", id), shard, deposit)
              .payload(payload)
              .header("cruster-kind", "rpc")
              .build());
      assertKind(
          RemoteFailure.Kind.UNKNOWN_MESSAGE,
          client,
          RemoteCall.builder(account, shard, "NoSuchMessage")
              .payload(payload)
              .header("cruster-kind", "rpc")
              .build());
      assertKind(
          RemoteFailure.Kind.BAD_REQUEST,
          client,
          RemoteCall.builder(account, shard, deposit)
              .payload(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef})
              .header("cruster-kind", "rpc")
              .build());
      // A forwarded request its sender never saved.
      assertKind(
          RemoteFailure.Kind.BAD_REQUEST,
          client,
          RemoteCall.builder(account, shard, deposit)
              .payload(payload)
              .header("cruster-kind", "deliver")
              .header("cruster-request-id", "1")
              .header("cruster-created-at", "0")
              .header("cruster-expects-reply", "true")
              .build());
      assertKind(
          RemoteFailure.Kind.BAD_REQUEST,
          client,
          RemoteCall.builder(account, shard, deposit)
              .payload(payload)
              .header("cruster-kind", "deliver")
              .build());
      assertKind(
          RemoteFailure.Kind.TOO_LARGE,
          client,
          RemoteCall.builder(account, shard, deposit)
              .payload(new byte[9 * 1024 * 1024])
              .header("cruster-kind", "rpc")
              .build());
    }
    assertEquals("1", runner.get("/deposit?id=" + id + "&amount=1"), "the runner still serves");
    assertTrue(runner.jvm().isAlive());
  }

  private static void assertKind(RemoteFailure.Kind kind, RunnerClient client, RemoteCall call) {
    RemoteException e = assertThrows(RemoteException.class, () -> client.call(call));
    assertEquals(kind, e.kind(), e.getMessage());
  }

  /**
   * One raw bidirectional stream to a runner: frames sent as given, frames and the end received in
   * order.
   */
  private static final class RawStream implements AutoCloseable {
    private final ManagedChannel channel;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final StreamObserver<Frame> out;

    RawStream(String address) {
      channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
      out =
          RunnerGrpc.newStub(channel)
              .connect(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(Frame frame) {
                      received.add(frame);
                    }

                    @Override
                    public void onError(Throwable t) {
                      received.add(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                      received.add(Status.OK);
                    }
                  });
    }

    void send(Frame frame) {
      out.onNext(frame);
    }

    Frame next() throws InterruptedException {
      Object o = received.poll(10, TimeUnit.SECONDS);
      return assertInstanceOf(Frame.class, o, "a frame from the runner");
    }

    Status error() throws InterruptedException {
      Object o = received.poll(10, TimeUnit.SECONDS);
      while (o instanceof Frame) {
        o = received.poll(10, TimeUnit.SECONDS);
      }
      return assertInstanceOf(Status.class, o, "the end of the stream");
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
