package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.echo;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.actors.ConfigException;
import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a self-signed certificate made at test time ({@link TestCertificates}). */
@Timeout(60)
class TlsTest {
  @TempDir static Path dir;
  static Path cert;
  static Path key;

  @BeforeAll
  static void makeCertificate() throws Exception {
    TestCertificates made = TestCertificates.create(dir);
    cert = made.cert();
    key = made.key();
  }

  @Test
  void callsTravelOverTls() {
    TransportSettings serverSide = settings().serverTls(cert, key).build();
    TransportSettings clientSide = settings().clientTls(cert).build();
    try (RunnerServer server = RunnerServer.start(serverSide, echo());
        RunnerClient client = RunnerClient.connect(clientSide, target(server))) {
      assertEquals("secret", string(client.call(call("Echo", "secret"))));
    }
  }

  @Test
  void aPlaintextClientCannotTalkToATlsServer() {
    TransportSettings serverSide = settings().serverTls(cert, key).build();
    TransportSettings plaintext = settings().connectTimeout(Duration.ofMillis(500)).build();
    try (RunnerServer server = RunnerServer.start(serverSide, echo())) {
      RemoteException e =
          assertThrows(
              RemoteException.class, () -> RunnerClient.connect(plaintext, target(server)));
      assertEquals(Kind.UNAVAILABLE, e.kind());
    }
  }

  @Test
  void unreadableCertificateFilesNameTheKey() {
    TransportSettings broken = settings().serverTls(dir.resolve("missing.crt"), key).build();
    ConfigException e =
        assertThrows(ConfigException.class, () -> RunnerServer.start(broken, echo()));
    assertEquals(true, e.getMessage().startsWith("tlsCertChain/tlsPrivateKey"), e.getMessage());
  }
}
