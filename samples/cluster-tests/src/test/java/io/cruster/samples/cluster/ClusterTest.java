package io.cruster.samples.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;

/**
 * What every multi-process cluster test shares: a {@link RunnerCluster} of its own (lease TTL
 * {@value #TTL_SECONDS} s), and, when the test ends, the split-brain check: no entity was ever live
 * on two runner processes at once.
 */
@Tag("multi-process")
abstract class ClusterTest {
  static final int TTL_SECONDS = 5;
  static final Duration TTL = Duration.ofSeconds(TTL_SECONDS);
  RunnerCluster cluster;

  @BeforeEach
  void createCluster(TestInfo test) {
    cluster =
        new RunnerCluster(
            getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName(), ttl());
  }

  /** The runners' lease TTL: {@link #TTL} unless a test needs another. */
  Duration ttl() {
    return TTL;
  }

  @AfterEach
  void checkSpansAndClose() throws Exception {
    try {
      assertEquals(
          List.of(), cluster.overlappingSpans(), "no entity was live on two runners at once");
    } finally {
      cluster.close();
    }
  }
}
