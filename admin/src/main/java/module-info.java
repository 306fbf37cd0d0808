/** The operator's console: the JSON admin API, the web UI and the {@code cruster} CLI. */
module io.cruster.admin {
  requires transitive io.cruster.sharding;
  requires io.cruster.scheduler;
  requires jdk.httpserver;
  requires java.net.http;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.fasterxml.jackson.datatype.jdk8;
  requires info.picocli;

  exports io.cruster.admin;

  opens io.cruster.admin.internal to
      com.fasterxml.jackson.databind;
  opens io.cruster.admin.internal.cli to
      info.picocli;
}
