/**
 * The storage SPI: what an entity runtime needs from a store, and what a storage implementation
 * (in-memory, PostgreSQL) must guarantee. {@link io.cruster.persistence.spi.Storage} groups the
 * stores of one runtime: {@link io.cruster.persistence.spi.MessageStorage} (requests and their
 * replies, de-duplication, retries and dead letters), {@link io.cruster.persistence.spi.StateStore}
 * (entity and trait state, versioned), {@link io.cruster.persistence.spi.WorkflowJournal} (the
 * steps of workflow executions), {@link io.cruster.persistence.spi.DeferredStore} (named,
 * first-wins slots of an entity) and {@link io.cruster.persistence.spi.TimerStore} (durable
 * workflow timers). {@link
 * io.cruster.persistence.spi.Storage#commit(io.cruster.persistence.spi.Commit)} writes the outcome
 * of an activity (state, journal, replies, deferreds, timers) atomically.
 *
 * <p>Every interface here is thread-safe and its methods block until the store answers (cheap on a
 * virtual thread); failures are {@link io.cruster.persistence.StorageException}s. Records are
 * immutable values that check their fields; byte arrays in them are not copied, so callers must not
 * change an array after handing it over, nor change one they receive. Users of Cruster normally
 * need nothing from here.
 */
package io.cruster.persistence.spi;
