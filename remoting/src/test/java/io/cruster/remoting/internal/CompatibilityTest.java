package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.echo;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CompatibilityTest {

  @Test
  void aServerRefusesAClientOfAnotherProtocolVersion() {
    try (RunnerServer server = RunnerServer.start(settings().build(), echo())) {
      long start = System.nanoTime();
      RemoteException e =
          assertThrows(
              RemoteException.class,
              () -> ClientImpl.connect(settings().build(), target(server), Protocol.VERSION + 1));
      assertEquals(Kind.BAD_REQUEST, e.kind());
      assertFalse(e.isRetryable());
      assertTrue(
          e.getMessage()
              .contains(
                  "incompatible protocol version: this runner speaks version " + Protocol.VERSION),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("speaks version " + (Protocol.VERSION + 1)), e.getMessage());
      assertTrue(
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2_000, "refused at once");

      try (RunnerClient good = RunnerClient.connect(settings().build(), target(server))) {
        assertEquals("fine", string(good.call(call("Echo", "fine"))));
      }
    }
  }

  @Test
  void aClientRefusesAServerOfAnotherProtocolVersion() {
    try (RunnerServer server = ServerImpl.start(settings().build(), echo(), Protocol.VERSION + 7)) {
      RemoteException e =
          assertThrows(
              RemoteException.class,
              () -> RunnerClient.connect(settings().build(), target(server)));
      assertEquals(Kind.BAD_REQUEST, e.kind());
      assertTrue(
          e.getMessage().contains("speaks version " + (Protocol.VERSION + 7)), e.getMessage());
    }
  }
}
