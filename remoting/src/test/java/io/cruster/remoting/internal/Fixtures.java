package io.cruster.remoting.internal;

import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Shared values of the transport tests: loopback, short backoffs, an echo handler. */
final class Fixtures {
  static final EntityAddress COUNTER = new EntityAddress("Counter", "c-1");
  static final ShardId SHARD = new ShardId("default", 7);

  /** Loopback on a free port, pings every second, fast reconnects. */
  static TransportSettings.Builder settings() {
    return TransportSettings.builder()
        .pingInterval(Duration.ofSeconds(1))
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .connectTimeout(Duration.ofSeconds(3))
        .callTimeout(Duration.ofSeconds(10));
  }

  static RequestHandler echo() {
    return (call, sink) -> sink.success(call.payload());
  }

  static RemoteCall call(String tag, String payload) {
    return RemoteCall.of(COUNTER, SHARD, tag, bytes(payload));
  }

  static String target(RunnerServer server) {
    return "127.0.0.1:" + server.port();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private Fixtures() {}
}
