package io.cruster.remoting.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made at test time by the
 * JDK's keytool and written as PEM files (the certificate doubles as the trusted one). Shared with
 * other modules' tests through this module's test jar.
 *
 * @param cert the certificate chain (PEM)
 * @param key the private key (PKCS#8 PEM)
 */
public record TestCertificates(Path cert, Path key) {
  private static final char[] PASSWORD = "changeit".toCharArray();

  /**
   * Makes a fresh EC key pair and certificate, valid two days, in {@code dir}. Blocks for keytool
   * (~1 s).
   */
  public static TestCertificates create(Path dir) throws Exception {
    Path store = dir.resolve("runner.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "runner",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    Path cert =
        Files.writeString(
            dir.resolve("runner.crt"),
            pem("CERTIFICATE", ks.getCertificate("runner").getEncoded()));
    Path key =
        Files.writeString(
            dir.resolve("runner.key"),
            pem("PRIVATE KEY", ks.getKey("runner", PASSWORD).getEncoded()));
    return new TestCertificates(cert, key);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
