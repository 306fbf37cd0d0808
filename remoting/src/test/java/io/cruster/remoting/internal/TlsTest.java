package io.cruster.remoting.internal;

import static io.cruster.remoting.internal.Fixtures.call;
import static io.cruster.remoting.internal.Fixtures.echo;
import static io.cruster.remoting.internal.Fixtures.settings;
import static io.cruster.remoting.internal.Fixtures.string;
import static io.cruster.remoting.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.actors.ConfigException;
import io.cruster.remoting.RemoteException;
import io.cruster.remoting.RemoteFailure.Kind;
import io.cruster.remoting.RunnerClient;
import io.cruster.remoting.RunnerServer;
import io.cruster.remoting.TransportSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a self-signed certificate made at test time by the JDK's keytool. */
@Timeout(60)
class TlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  static Path dir;
  static Path cert;
  static Path key;

  @BeforeAll
  static void makeCertificate() throws Exception {
    Path store = dir.resolve("runner.p12");
    Process keytool = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "runner", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    Key privateKey = ks.getKey("runner", PASSWORD);
    cert = Files.writeString(dir.resolve("runner.crt"),
        pem("CERTIFICATE", ks.getCertificate("runner").getEncoded()));
    key = Files.writeString(dir.resolve("runner.key"), pem("PRIVATE KEY", privateKey.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
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
      RemoteException e = assertThrows(RemoteException.class,
          () -> RunnerClient.connect(plaintext, target(server)));
      assertEquals(Kind.UNAVAILABLE, e.kind());
    }
  }

  @Test
  void unreadableCertificateFilesNameTheKey() {
    TransportSettings broken = settings().serverTls(dir.resolve("missing.crt"), key).build();
    ConfigException e = assertThrows(ConfigException.class, () -> RunnerServer.start(broken, echo()));
    assertEquals(true, e.getMessage().startsWith("tlsCertChain/tlsPrivateKey"), e.getMessage());
  }
}
