/**
 * The PostgreSQL storage (JDBC, HikariCP when built from a URL) and the migration runner. {@link
 * io.cruster.persistence.internal.postgres.PostgresStorage} hands commits and saved requests to the
 * {@code GroupCommitter}, which batches concurrent ones into one transaction ({@code
 * BatchTransaction}: {@code SaveWriter}, then {@code CommitWriter} and {@code OutcomeWriter} over a
 * {@code CommitPlan}); reads and single-row writes ({@code PgMessages}, {@code PgStates}, {@code
 * PgJournal}, {@code PgDeferreds}, {@code PgTimers}) are one autocommit statement each. Every SQL
 * failure becomes a {@link io.cruster.persistence.StorageException} naming the operation and table
 * ({@code Failures}). Internal: not API, may change in any release.
 */
package io.cruster.persistence.internal.postgres;
