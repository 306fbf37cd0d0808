package io.cruster.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestServicesTest {

  private static final String ENV_FILE =
      """
            # Written by scripts/services start; removed by scripts/services stop.
            export CRUSTER_PG_URL=jdbc:postgresql://127.0.0.1:54329/cruster?user=postgres
            export CRUSTER_ETCD_ENDPOINTS=http://127.0.0.1:23790, http://127.0.0.1:23791
            """;

  @TempDir Path tempDir;

  @Test
  void environmentVariablesWinOverTheEnvFile() throws IOException {
    Path start = repositoryWithEnvFile(ENV_FILE);
    Map<String, String> env =
        Map.of(
            "CRUSTER_PG_URL", "jdbc:postgresql://db:5432/other",
            "CRUSTER_ETCD_ENDPOINTS", "http://etcd:2379");

    assertEquals("jdbc:postgresql://db:5432/other", TestServices.postgresUrl(env, start));
    assertEquals(List.of("http://etcd:2379"), TestServices.etcdEndpoints(env, start));
  }

  @Test
  void envFileIsFoundByWalkingUpFromTheStartDirectory() throws IOException {
    Path start = repositoryWithEnvFile(ENV_FILE);

    assertEquals(
        "jdbc:postgresql://127.0.0.1:54329/cruster?user=postgres",
        TestServices.postgresUrl(Map.of(), start));
    assertEquals(
        List.of("http://127.0.0.1:23790", "http://127.0.0.1:23791"),
        TestServices.etcdEndpoints(Map.of(), start));
  }

  @Test
  void quotedValuesAreUnquoted() throws IOException {
    Path start =
        repositoryWithEnvFile(
            """
                export CRUSTER_PG_URL='jdbc:postgresql://127.0.0.1:5/cruster?user=postgres'
                CRUSTER_ETCD_ENDPOINTS="http://127.0.0.1:6"
                """);

    assertEquals(
        "jdbc:postgresql://127.0.0.1:5/cruster?user=postgres",
        TestServices.postgresUrl(Map.of(), start));
    assertEquals(List.of("http://127.0.0.1:6"), TestServices.etcdEndpoints(Map.of(), start));
  }

  @Test
  void servicesDirVariableNamesTheEnvFileDirectory() throws IOException {
    Path servicesDir = Files.createDirectories(tempDir.resolve("elsewhere"));
    Files.writeString(servicesDir.resolve("env"), ENV_FILE);
    Path start = Files.createDirectories(tempDir.resolve("unrelated"));

    String url =
        TestServices.postgresUrl(Map.of("CRUSTER_SERVICES_DIR", servicesDir.toString()), start);

    assertEquals("jdbc:postgresql://127.0.0.1:54329/cruster?user=postgres", url);
  }

  @Test
  void missingServicesGiveAnErrorThatSaysHowToStartThem() throws IOException {
    // A file system of its own, so that no .services/env on the machine running this test can be
    // found.
    try (FileSystem empty =
        FileSystems.newFileSystem(tempDir.resolve("empty.zip"), Map.of("create", "true"))) {
      Path start = empty.getPath("/checkout/testkit");

      IllegalStateException postgres =
          assertThrows(
              IllegalStateException.class, () -> TestServices.postgresUrl(Map.of(), start));
      assertMessageExplains(postgres, "PostgreSQL", "CRUSTER_PG_URL");

      IllegalStateException etcd =
          assertThrows(
              IllegalStateException.class, () -> TestServices.etcdEndpoints(Map.of(), start));
      assertMessageExplains(etcd, "etcd", "CRUSTER_ETCD_ENDPOINTS");
    }
  }

  @Test
  void envFileWithoutTheVariableGivesAnErrorNamingTheFile() throws IOException {
    Path start = repositoryWithEnvFile("export CRUSTER_ETCD_ENDPOINTS=http://127.0.0.1:23790\n");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TestServices.postgresUrl(Map.of(), start));

    assertMessageExplains(e, "PostgreSQL", "CRUSTER_PG_URL");
    assertTrue(
        e.getMessage().contains(tempDir.resolve("repo/.services/env").toString()), e.getMessage());
  }

  @Test
  void emptyEndpointListIsAnError() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> TestServices.etcdEndpoints(Map.of("CRUSTER_ETCD_ENDPOINTS", " , "), tempDir));

    assertMessageExplains(e, "etcd", "CRUSTER_ETCD_ENDPOINTS");
  }

  /**
   * Creates repo/.services/env with the given text and returns repo/module/src, which does not need
   * to exist.
   */
  private Path repositoryWithEnvFile(String text) throws IOException {
    Path repo = tempDir.resolve("repo");
    Files.createDirectories(repo.resolve(".services"));
    Files.writeString(repo.resolve(".services/env"), text);
    return repo.resolve("module/src");
  }

  private static void assertMessageExplains(
      IllegalStateException e, String service, String variable) {
    String message = e.getMessage();
    assertTrue(message.startsWith(service), message);
    assertTrue(message.contains(variable), message);
    assertTrue(message.contains("scripts/services start"), message);
    assertTrue(message.contains("scripts/test"), message);
  }
}
