package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.echo;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.Request;
import io.cruster.remoting.internal.proto.RunnerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BackpressureTest {
  private static final int PAYLOAD = 64 * 1024;
  private static final int UNBOUNDED = 2_000; // 128 MiB of replies: more than any buffer on the way

  @Test
  void aPeerThatNeverReadsItsRepliesIsStoppedByFlowControl() throws InterruptedException {
    TransportSettings s = settings().sendBufferBytes(256 * 1024).build();
    try (RunnerServer server = RunnerServer.start(s, echo())) {
      ManagedChannel channel = Endpoints.channel(s, target(server));
      AtomicReference<ClientCallStreamObserver<Frame>> requests = new AtomicReference<>();
      RunnerGrpc.newStub(channel)
          .connect(
              new ClientResponseObserver<Frame, Frame>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<Frame> stream) {
                  stream.disableAutoRequestWithInitial(0); // never reads a reply
                  requests.set(stream);
                }

                @Override
                public void onNext(Frame value) {}

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              });
      ClientCallStreamObserver<Frame> out = requests.get();
      out.onNext(Protocol.hello(Protocol.VERSION, "", "greedy"));
      ByteString payload = ByteString.copyFrom(new byte[PAYLOAD]);
      int sent = 0;
      try {
        while (sent < UNBOUNDED) {
          await()
              .atMost(Duration.ofSeconds(2))
              .pollInterval(Duration.ofMillis(5))
              .until(out::isReady);
          out.onNext(
              Frame.newBuilder()
                  .setRequest(
                      Request.newBuilder()
                          .setCallId(++sent)
                          .setEntityType("Counter")
                          .setEntityId("c-1")
                          .setShardGroup("default")
                          .setTag("Echo")
                          .setPayload(payload))
                  .build());
        }
      } catch (ConditionTimeoutException expected) {
        // the server stopped reading: the stream is not ready for more
      }
      assertTrue(sent < UNBOUNDED, "the server kept reading while its replies piled up: " + sent);

      // the server still serves everyone else
      try (RunnerClient other = RunnerClient.connect(settings().build(), target(server))) {
        assertEquals("fine", string(other.call(call("Echo", "fine"))));
      }
      out.cancel("done", null);
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
