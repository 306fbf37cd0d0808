/**
 * A small application for crash tests: workflows with side effects in the activity's own SQL
 * transaction, a durable sleep, a deferred, and a stream of persisted notifies, each started from
 * the command line of {@link io.cruster.samples.durability.DurabilityApp}, which reports every
 * event on stdout so that a test can kill it at a chosen moment, restart it and check that nothing
 * ran twice and nothing was lost.
 */
package io.cruster.samples.durability;
