/**
 * Persistence of entities and workflows: {@link io.cruster.persistence.Storages} creates a {@link
 * io.cruster.persistence.spi.Storage} (today the in-memory one, for tests and the test cluster), and {@link
 * io.cruster.persistence.StorageException} is what every storage operation throws when it fails, telling
 * whether a retry may succeed.
 *
 * <p>The storage contract itself (messages, entity and trait state, the workflow journal, deferreds and
 * durable timers, and the atomic {@link io.cruster.persistence.spi.Commit}) is the SPI in {@code
 * io.cruster.persistence.spi}. A PostgreSQL implementation (JDBC + HikariCP) and the runner of the versioned
 * SQL migrations kept in the repository's {@code migrations/} come later.
 */
package io.cruster.persistence;
