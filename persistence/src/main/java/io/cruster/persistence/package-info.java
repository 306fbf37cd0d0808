/**
 * Persistence (to come): storage SPIs for messages, entity state, the workflow journal, durable timers and
 * deferreds, with in-memory implementations for tests and PostgreSQL implementations (JDBC + HikariCP) for
 * production, plus the runner of the versioned SQL migrations kept in the repository's {@code migrations/}.
 */
package io.cruster.persistence;
