/**
 * Cluster-wide cron: {@link io.cruster.scheduler.ClusterCron#schedule ClusterCron.schedule} runs a
 * {@link io.cruster.scheduler.CronJob} once per tick of a Unix (5 fields) or Quartz (6 or 7 fields,
 * with seconds) cron expression in a time zone, on exactly one node of the cluster. Each tick is a
 * persisted scheduled message keyed by its time, so it runs once across failovers; ticks missed
 * while no node could run them follow an explicit {@link io.cruster.scheduler.MissedTicks} policy.
 * {@link io.cruster.scheduler.CronSchedule} is the validated schedule as a value.
 */
package io.cruster.scheduler;
