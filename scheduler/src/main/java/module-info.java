/** Cluster-wide cron schedules on top of Cruster's entities and singletons. */
module io.cruster.scheduler {
  requires transitive io.cruster.sharding;
  requires org.slf4j;
  requires com.cronutils;

  exports io.cruster.scheduler;
}
