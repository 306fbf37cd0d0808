/**
 * How cluster cron works inside: {@code CronTimes} (cron-utils parsing and tick arithmetic), one
 * entity type per schedule ({@code CronEntity}: its job runs in the {@code Fire} activity, its
 * {@code CronState} remembers the last settled tick) and one singleton per schedule ({@code
 * CronRunner}) that saves each tick as a scheduled message before it is due. Not API: may change
 * without notice.
 */
package io.cruster.scheduler.internal;
