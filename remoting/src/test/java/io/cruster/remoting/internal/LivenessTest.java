package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.echo;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.RunnerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LivenessTest {
  private static final TransportSettings FAST_PINGS =
      settings().pingInterval(Duration.ofMillis(100)).build();

  @Test
  void pingsKeepAnIdleConnectionUp() {
    try (RunnerServer server = RunnerServer.start(FAST_PINGS, echo());
        RunnerClient client = RunnerClient.connect(FAST_PINGS, target(server))) {
      // ten ping intervals without a call: neither side may think the other is gone
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> client.isConnected() && server.connectionCount() == 1);
      assertEquals("alive", string(client.call(call("Echo", "alive"))));
    }
  }

  @Test
  void theServerJudgesSilenceByTheClientsOwnPingInterval() {
    TransportSettings slowPings = settings().pingInterval(Duration.ofSeconds(2)).build();
    try (RunnerServer server = RunnerServer.start(FAST_PINGS, echo());
        RunnerClient client = RunnerClient.connect(slowPings, target(server))) {
      // the server sweeps every 100 ms, but this client announced 2 s between pings
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> client.isConnected() && server.connectionCount() == 1);
    }
  }

  @Test
  void theServerDropsAClientThatFallsSilent() throws InterruptedException {
    try (RunnerServer server = RunnerServer.start(FAST_PINGS, echo())) {
      ManagedChannel channel = Endpoints.channel(FAST_PINGS, target(server));
      AtomicReference<Throwable> ended = new AtomicReference<>();
      StreamObserver<Frame> out =
          RunnerGrpc.newStub(channel)
              .connect(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(Frame value) {}

                    @Override
                    public void onError(Throwable t) {
                      ended.set(t);
                    }

                    @Override
                    public void onCompleted() {}
                  });
      out.onNext(Protocol.hello(Protocol.VERSION, "", "silent")); // then never a ping
      await().atMost(Duration.ofSeconds(1)).until(() -> server.connectionCount() == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() != null);
      assertEquals(0, server.connectionCount());
      assertTrue(ended.get().getMessage().contains("nothing from"), ended.get().getMessage());
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theClientDropsAServerThatNeverAnswersPingsAndReconnects() throws Exception {
    AtomicInteger streams = new AtomicInteger();
    Server deaf =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .directExecutor()
            .addService(
                new RunnerGrpc.RunnerImplBase() {
                  @Override
                  public StreamObserver<Frame> connect(StreamObserver<Frame> responses) {
                    streams.incrementAndGet();
                    return new StreamObserver<>() {
                      @Override
                      public void onNext(Frame frame) {
                        if (frame.hasHello()) { // shakes hands, then ignores everything
                          responses.onNext(Protocol.hello(Protocol.VERSION, "deaf:1", "deaf"));
                        }
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {}
                    };
                  }
                })
            .build()
            .start();
    try (RunnerClient client = RunnerClient.connect(FAST_PINGS, "127.0.0.1:" + deaf.getPort())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> streams.get() >= 2);
      await().atMost(Duration.ofSeconds(5)).until(client::isConnected);
    } finally {
      deaf.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
