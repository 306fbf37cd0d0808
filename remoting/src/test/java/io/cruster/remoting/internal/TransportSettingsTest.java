package io.cruster.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {

  @Test
  void defaultsAreTheDocumentedConstants() {
    TransportSettings d = TransportSettings.defaults();
    assertEquals("127.0.0.1", d.bindAddress().getHostString());
    assertEquals(0, d.bindAddress().getPort());
    assertEquals(8 * 1024 * 1024, d.maxMessageBytes());
    assertEquals(TransportSettings.DEFAULT_CALL_TIMEOUT, d.callTimeout());
    assertEquals(TransportSettings.DEFAULT_PING_INTERVAL, d.pingInterval());
    assertFalse(d.serverTls());
    assertFalse(d.clientTls());
  }

  @Test
  void theBuilderRoundTrips() {
    TransportSettings s =
        TransportSettings.builder()
            .bindAddress("0.0.0.0", 9000)
            .runnerAddress("10.0.0.1:9000")
            .callTimeout(Duration.ofSeconds(3))
            .serverTls(Path.of("a.crt"), Path.of("a.key"))
            .build();
    assertEquals(s, s.toBuilder().build());
    assertTrue(s.serverTls());
    assertEquals(Duration.ofSeconds(9), s.withCallTimeout(Duration.ofSeconds(9)).callTimeout());
    assertEquals(1234, s.withBindAddress("127.0.0.1", 1234).bindAddress().getPort());
  }

  @Test
  void badValuesNameTheirKey() {
    assertKey("maxMessageBytes", () -> TransportSettings.defaults().withMaxMessageBytes(0));
    assertKey("callTimeout", () -> TransportSettings.defaults().withCallTimeout(Duration.ZERO));
    assertKey(
        "pingInterval",
        () -> TransportSettings.builder().pingInterval(Duration.ofSeconds(-1)).build());
    assertKey(
        "reconnectBackoffMax",
        () ->
            TransportSettings.builder()
                .reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .build());
    assertKey("bindAddress", () -> TransportSettings.builder().bindAddress("localhost", 70_000));
    assertKey(
        "tlsCertChain",
        () ->
            new TransportSettings(
                TransportSettings.defaults().bindAddress(),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                1,
                1,
                1,
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                java.util.Optional.of(Path.of("a.crt")),
                java.util.Optional.empty(),
                java.util.Optional.empty()));
  }

  private static void assertKey(String key, Runnable build) {
    ConfigException e = assertThrows(ConfigException.class, build::run);
    assertTrue(e.getMessage().startsWith(key) || e.getMessage().contains(key), e.getMessage());
  }
}
