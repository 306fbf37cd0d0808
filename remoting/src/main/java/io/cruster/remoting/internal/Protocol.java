package io.cruster.remoting.internal;

import io.cruster.remoting.internal.proto.Frame;
import io.cruster.remoting.internal.proto.Hello;

/**
 * Constants and the compatibility rule of the wire protocol. Stateless.
 *
 * <p>Peers speak the same {@link #VERSION} or refuse each other in the handshake. Fields are only
 * ever added to {@code wire.proto}; a change an old peer cannot safely ignore bumps the version.
 */
final class Protocol {
  /** The wire protocol version this build speaks. */
  static final int VERSION = 1;

  /** Call id 0 names the connection itself (handshake refusals). */
  static final long CONNECTION = 0;

  /**
   * gRPC's own inbound limit, above {@code maxMessageBytes}, so that a frame a little over our
   * limit reaches our check (and fails one call with TOO_LARGE) instead of killing the stream.
   */
  static int grpcInboundLimit(int maxMessageBytes) {
    return (int) Math.min(Integer.MAX_VALUE, 2L * maxMessageBytes + 64 * 1024);
  }

  /** Why {@code peer} is refused, or null when it is compatible with {@code localVersion}. */
  static String incompatibility(int localVersion, Hello peer) {
    if (peer.getProtocolVersion() == localVersion) {
      return null;
    }
    return "incompatible protocol version: this runner speaks version "
        + localVersion
        + ", the peer "
        + describe(peer)
        + " speaks version "
        + peer.getProtocolVersion();
  }

  /**
   * A gRPC status in one line: its code, its description and its cause's message (Status.toString()
   * would carry the cause's whole stack trace into exception messages and logs).
   */
  static String describe(io.grpc.Status status) {
    StringBuilder b = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      b.append(": ").append(status.getDescription());
    }
    if (status.getCause() != null) {
      b.append(" (").append(status.getCause().getClass().getSimpleName());
      if (status.getCause().getMessage() != null) {
        b.append(": ").append(status.getCause().getMessage().lines().findFirst().orElse(""));
      }
      b.append(')');
    }
    return b.toString();
  }

  static String describe(Hello hello) {
    String address = hello.getRunnerAddress().isEmpty() ? "(client)" : hello.getRunnerAddress();
    return address + " [" + hello.getIncarnation() + "]";
  }

  static Frame hello(int version, String runnerAddress, String incarnation) {
    return hello(version, runnerAddress, incarnation, 0);
  }

  static Frame hello(
      int version, String runnerAddress, String incarnation, long pingIntervalMillis) {
    return Frame.newBuilder()
        .setHello(
            Hello.newBuilder()
                .setProtocolVersion(version)
                .setRunnerAddress(runnerAddress)
                .setIncarnation(incarnation)
                .setPingIntervalMillis(pingIntervalMillis))
        .build();
  }

  static Frame refusal(String reason) {
    return Frames.exit(CONNECTION, RemoteFailure.of(RemoteFailure.Kind.BAD_REQUEST, reason));
  }

  private Protocol() {}
}
