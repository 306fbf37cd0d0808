/**
 * Scheduler (to come): cron schedules (Unix and Quartz syntax, via cron-utils) that fire once per tick across
 * the cluster, backed by a singleton and persisted scheduled messages, with an explicit missed-tick policy.
 */
package io.cruster.scheduler;
