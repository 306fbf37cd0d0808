package io.cruster.benchmarks.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileTest {
  @TempDir Path dir;

  @Test
  void samplesAndValuesReadBackAsWritten() throws Exception {
    Path file = dir.resolve("r.txt");
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("round-trips-per-step", 2.25);
    values.put("finished-epoch-ms", 1.7e12);
    List<Sample> samples =
        List.of(new Sample(3, 1_000_000, new long[] {10, 20, 30}), Sample.of(5, 2_000));
    ResultFile.write(file, samples, values);

    ResultFile read = ResultFile.read(file);

    assertEquals(2, read.samples().size());
    assertEquals(3, read.samples().get(0).ops());
    assertEquals(1_000_000, read.samples().get(0).nanos());
    assertArrayEquals(new long[] {10, 20, 30}, read.samples().get(0).latencies());
    assertEquals(0, read.samples().get(1).latencies().length);
    assertEquals(values, read.values());
    assertNull(read.error());
  }

  @Test
  void aFailureReadsBackAsItsMessageOnOneLine() throws Exception {
    Path file = dir.resolve("e.txt");
    ResultFile.writeError(file, new IllegalStateException("first line\nsecond line"));

    ResultFile read = ResultFile.read(file);

    assertTrue(read.samples().isEmpty());
    assertEquals("java.lang.IllegalStateException: first line second line", read.error());
    assertEquals(1, Files.readAllLines(file).size());
  }
}
