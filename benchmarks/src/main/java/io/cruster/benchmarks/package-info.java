/**
 * Side-by-side benchmarks of Cruster against its peers, run as plain Java programs (no JMH: the
 * scenarios are whole-system throughput and latency figures, timed around blocking waits on the
 * actor systems).
 *
 * <p>Four suites share one method: {@link io.cruster.benchmarks.ActorBenchmarks} (typed actors
 * against Pekko typed), {@link io.cruster.benchmarks.EntityBenchmarks} (entities on a {@code
 * SingleRunner} with in-memory storage against Pekko Cluster Sharding typed on one node), {@link
 * io.cruster.benchmarks.StorageBenchmarks} (a {@code SingleRunner} on PostgreSQL against raw JDBC
 * on the same database; {@code BenchDatabase} creates and drops the run's database, {@code
 * CountingSocketFactory} and {@code DbUsage} count round trips and write transactions) and {@link
 * io.cruster.benchmarks.ClusterBenchmarks} ({@code Sharding} runners in separate JVMs with
 * PostgreSQL and etcd against raw grpc-java between the same JVMs, plus failover and shard
 * movement; {@code BenchCluster}, {@code NodeProcess} and {@code ClusterNode} start and stop the
 * runner JVMs). Each scenario is a pair of small classes, {@code XCruster} and {@code XPekko}
 * (storage: {@code XJdbc}; cluster: {@code XGrpc}), written to the same shape so they can be read
 * side by side; each implements {@code Workload} on its own actor system, runner or connection.
 * {@code Harness} warms up, calibrates and times them; {@code Suite} parses a suite's arguments,
 * guards each side and renders the table; {@code Callers} runs the entity scenarios' many blocking
 * callers; {@code IdleHeap} is the forked JVM that measures heap per idle actor.
 */
package io.cruster.benchmarks;
