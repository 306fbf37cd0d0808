/**
 * Storage for Cruster: the storage SPIs with their PostgreSQL (JDBC + HikariCP) and in-memory
 * implementations, the migrations, and an embedded PostgreSQL for development.
 */
module io.cruster.persistence {
  requires transitive io.cruster.actors;
  requires transitive java.sql;
  requires org.slf4j;
  requires com.zaxxer.hikari;
  requires org.postgresql.jdbc;
  requires static embedded.postgres;

  exports io.cruster.persistence;
  exports io.cruster.persistence.spi;
}
