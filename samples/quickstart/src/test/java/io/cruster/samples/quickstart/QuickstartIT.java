package io.cruster.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart run twice on one embedded database, as a new user runs scripts/quickstart twice:
 * the second run places an order of its own, finishes promptly and says so, no slower than the
 * first (which also creates the database).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class QuickstartIT {

  record Run(String output, Duration took) {}

  private static Run run(Path data) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long start = System.nanoTime();
    Main.run(data, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String output = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(output + "(took " + took.toMillis() + " ms)");
    return new Run(output, took);
  }

  @Test
  void runsAgainOnTheSameDatabasePlacingANewOrderAndNoSlower(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("postgres");
    Run first = run(data);
    Run second = run(data);

    assertTrue(first.output().contains("placing order-1"), first.output());
    assertTrue(first.output().contains("workflow replied: shipped"), first.output());
    assertTrue(second.output().contains("placing order-2"), second.output());
    assertTrue(second.output().contains("workflow replied: shipped"), second.output());
    assertTrue(second.output().contains("order-1 was shipped by an earlier run"), second.output());
    assertTrue(
        second.took().compareTo(first.took()) <= 0,
        "the second run took " + second.took() + ", the first " + first.took());
  }
}
