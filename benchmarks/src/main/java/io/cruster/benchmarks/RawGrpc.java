package io.cruster.benchmarks;

import com.google.protobuf.ByteString;
import io.cruster.benchmarks.proto.EchoGrpc;
import io.cruster.benchmarks.proto.Payload;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The raw grpc-java peer of the cluster suite's calls scenarios: the echo server (in the node JVM,
 * {@link ClusterNode}) and the client channel (in the harness's JVM, {@link CallsGrpc}), built the
 * way a careful hand-written service would be and the way Cruster's transport builds its own: Netty
 * (shaded), plaintext on loopback, {@code directExecutor()} on both sides so callbacks run on the
 * event loop without a thread hop (DESIGN.md §6: the default executor costs a thread hop per
 * message).
 *
 * <p>The server echoes each message of a {@code Ping} stream as it arrives. Its inbound flow
 * control is manual, as grpc-java's manual-flow-control example does it: it asks for {@value
 * #SERVER_PREFETCH} messages up front and one more after each echo while the response side {@code
 * isReady()}; when it is not, the messages it owes are asked for in the on-ready callback, so a
 * client that stops reading cannot make it buffer without bound.
 */
final class RawGrpc {
  /** Messages the echo server asks for ahead of the one it is handling. */
  static final int SERVER_PREFETCH = 8;

  private RawGrpc() {}

  /** Starts the echo server on {@code 127.0.0.1}, a free port. */
  static Server startServer() throws IOException {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .directExecutor()
        .addService(new EchoService())
        .build()
        .start();
  }

  /** A channel to the echo server on loopback {@code port}; callbacks on the event loop. */
  static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .directExecutor()
        .build();
  }

  /** A message carrying {@code payload} (copied once, here). */
  static Payload payload(byte[] payload) {
    return Payload.newBuilder().setData(ByteString.copyFrom(payload)).build();
  }

  /** Shuts a channel down and waits, bounded. */
  static void close(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class EchoService extends EchoGrpc.EchoImplBase {
    @Override
    public StreamObserver<Payload> ping(StreamObserver<Payload> responses) {
      return new Echoer((ServerCallStreamObserver<Payload>) responses);
    }
  }

  /** One stream's echo; every callback runs on the stream's event loop, one at a time. */
  private static final class Echoer implements StreamObserver<Payload> {
    private final ServerCallStreamObserver<Payload> out;
    private int
        owed; // messages not asked for again while the response side was not ready; event loop only

    Echoer(ServerCallStreamObserver<Payload> out) {
      this.out = out;
      out.disableAutoRequest();
      out.setOnReadyHandler(this::onReady);
      out.request(SERVER_PREFETCH);
    }

    @Override
    public void onNext(Payload message) {
      out.onNext(message);
      if (owed == 0 && out.isReady()) {
        out.request(1);
      } else {
        owed++;
      }
    }

    private void onReady() {
      if (owed > 0 && out.isReady()) {
        int n = owed;
        owed = 0;
        out.request(n);
      }
    }

    @Override
    public void onError(Throwable t) {
      // The client went away; nothing to clean up.
    }

    @Override
    public void onCompleted() {
      out.onCompleted();
    }
  }
}
