package io.cruster.remoting.internal;

import io.cruster.actors.CrusterException;
import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.RunnerGrpc;
import io.grpc.Server;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server of a runner. Each {@code Connect} stream becomes a {@link ServerStream}; a timer
 * thread drops streams that stopped talking (no ping for three intervals) and runs call deadlines.
 * Thread-safe: the set of streams is concurrent, {@link #close} is idempotent.
 */
public final class ServerImpl implements RunnerServer {
  private static final Logger log = LoggerFactory.getLogger(ServerImpl.class);

  final TransportSettings settings;
  final RequestHandler handler;
  final int protocolVersion;
  final ScheduledExecutorService timer;
  final Set<ServerStream> streams = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String incarnation;
  private Server server;
  private String runnerAddress;
  private int port;

  private ServerImpl(TransportSettings settings, RequestHandler handler, int protocolVersion) {
    this.settings = settings;
    this.handler = handler;
    this.protocolVersion = protocolVersion;
    this.incarnation = settings.incarnation().orElseGet(() -> UUID.randomUUID().toString());
    this.timer = Timers.create("cruster-remoting-server");
  }

  /** See {@link RunnerServer#start}. */
  public static ServerImpl start(TransportSettings settings, RequestHandler handler) {
    return start(settings, handler, Protocol.VERSION);
  }

  /** With another protocol version: a seam for compatibility tests. */
  static ServerImpl start(TransportSettings settings, RequestHandler handler, int protocolVersion) {
    ServerImpl s = new ServerImpl(settings, handler, protocolVersion);
    try {
      s.server = Endpoints.server(settings, new Service(s)).start();
    } catch (IOException | RuntimeException e) {
      s.timer.shutdownNow();
      if (e instanceof CrusterException ce) {
        throw ce;
      }
      throw new CrusterException(
          "cannot serve runner calls on " + settings.bindAddress() + ": " + e.getMessage(), e);
    }
    s.port = ((InetSocketAddress) s.server.getListenSockets().get(0)).getPort();
    s.runnerAddress =
        settings.runnerAddress().orElse(settings.bindAddress().getHostString() + ":" + s.port);
    long sweep = settings.pingInterval().toNanos();
    s.timer.scheduleAtFixedRate(s::dropSilentStreams, sweep, sweep, TimeUnit.NANOSECONDS);
    log.info(
        "{}: serving runner calls ({}, incarnation {})",
        s.runnerAddress,
        settings.serverTls() ? "TLS" : "plaintext",
        s.incarnation);
    return s;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String runnerAddress() {
    return runnerAddress;
  }

  @Override
  public String incarnation() {
    return incarnation;
  }

  @Override
  public int connectionCount() {
    return streams.size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (ServerStream stream : List.copyOf(streams)) {
      stream.shutDown();
    }
    server.shutdownNow();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("{}: the gRPC server did not stop within 5 s", runnerAddress);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      timer.shutdownNow();
    }
    log.info("{}: stopped serving runner calls", runnerAddress);
  }

  @Override
  public String toString() {
    return "RunnerServer[" + runnerAddress + "]";
  }

  private void dropSilentStreams() {
    for (ServerStream stream : streams) {
      stream.dropIfSilent(settings.pingInterval().toNanos());
    }
  }

  /** The generated service: one {@link ServerStream} per {@code Connect}. */
  private static final class Service extends RunnerGrpc.RunnerImplBase {
    private final ServerImpl server;

    Service(ServerImpl server) {
      this.server = server;
    }

    @Override
    public StreamObserver<Frame> connect(StreamObserver<Frame> responses) {
      ServerStream stream = new ServerStream(server, (ServerCallStreamObserver<Frame>) responses);
      server.streams.add(stream);
      if (server.closed.get()) {
        stream.shutDown();
      }
      return stream;
    }
  }
}
