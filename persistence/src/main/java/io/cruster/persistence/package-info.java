/**
 * Persistence of entities and workflows: {@link io.cruster.persistence.Storages} creates a {@link
 * io.cruster.persistence.spi.Storage} — in memory (tests, the test cluster) or on PostgreSQL
 * ({@code Storages.postgres(dataSource)} or {@code Storages.postgres(jdbcUrl)}, set up by {@link
 * io.cruster.persistence.PostgresOptions}) — and {@link io.cruster.persistence.StorageException} is
 * what every storage operation throws when it fails, telling whether a retry may succeed.
 *
 * <p>{@link io.cruster.persistence.Migrations} holds the versioned SQL of Cruster's own tables (the
 * repository's {@code migrations/}, packaged in this jar) and applies it under an advisory lock;
 * the PostgreSQL storage runs it at start-up unless told not to.
 *
 * <p>The storage contract itself (messages, entity and trait state, the workflow journal, deferreds
 * and durable timers, and the atomic {@link io.cruster.persistence.spi.Commit}) is the SPI in
 * {@code io.cruster.persistence.spi}.
 */
package io.cruster.persistence;
