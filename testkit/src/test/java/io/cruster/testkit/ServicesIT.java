package io.cruster.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks that the services started by {@code scripts/services start} are reachable and work. */
class ServicesIT {

  @Test
  void postgresAnswersQueries() throws SQLException {
    try (Connection connection = DriverManager.getConnection(TestServices.postgresUrl())) {
      try (Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("select 1")) {
        assertTrue(result.next());
        assertEquals(1, result.getInt(1));
      }

      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "create temporary table testkit_probe (id int primary key, name text not null)");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("insert into testkit_probe (id, name) values (?, ?)")) {
        for (int id = 1; id <= 3; id++) {
          insert.setInt(1, id);
          insert.setString(2, "entity-" + id);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      List<String> names = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("select name from testkit_probe order by id")) {
        while (result.next()) {
          names.add(result.getString(1));
        }
      }
      assertEquals(List.of("entity-1", "entity-2", "entity-3"), names);
    }
  }

  @Test
  void etcdReportsHealthy() throws IOException, InterruptedException {
    List<String> endpoints = TestServices.etcdEndpoints();
    assertFalse(endpoints.isEmpty());
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      for (String endpoint : endpoints) {
        URI health = URI.create(endpoint.replaceAll("/+$", "") + "/health");
        HttpRequest request =
            HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), endpoint + ": " + response.body());
        assertTrue(
            response.body().replace(" ", "").contains("\"health\":\"true\""),
            endpoint + ": " + response.body());
      }
    }
  }
}
