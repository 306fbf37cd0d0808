package io.cruster.persistence.internal.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One transaction of the group committer: its connection and what it is doing now, so a failure
 * names the statement (and table) it happened in. Used by one thread, for one transaction.
 */
final class Tx {
  final Connection connection;
  private String step = "beginning the transaction";

  Tx(Connection connection) {
    this.connection = connection;
  }

  /** Prepares the next statement; {@code step} describes it ("insert into cruster_journal"). */
  PreparedStatement prepare(String step, String sql) throws SQLException {
    this.step = step;
    return connection.prepareStatement(sql);
  }

  void step(String step) {
    this.step = step;
  }

  String step() {
    return step;
  }
}
