package io.cruster.benchmarks.peer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a framework's process hands back to the harness, as a text file (the processes share no
 * class path beyond this module): one {@code sample ops nanos latency...} line per measured batch,
 * one {@code value name number} line per figure, one {@code error message} line if the side failed.
 */
public record ResultFile(List<Sample> samples, Map<String, Double> values, String error) {

  /** Writes {@code samples} and {@code values} to {@code file}. */
  public static void write(Path file, List<Sample> samples, Map<String, Double> values)
      throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Sample s : samples) {
        StringBuilder line = new StringBuilder("sample ").append(s.ops()).append(' ');
        line.append(s.nanos());
        for (long l : s.latencies()) {
          line.append(' ').append(l);
        }
        out.write(line.append('\n').toString());
      }
      for (Map.Entry<String, Double> v : values.entrySet()) {
        out.write(String.format(Locale.ROOT, "value %s %s%n", v.getKey(), v.getValue()));
      }
    }
  }

  /** Writes a failure to {@code file}; never throws. */
  public static void writeError(Path file, Throwable error) {
    try {
      Files.writeString(
          file, "error " + String.valueOf(error).replace('\n', ' ') + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("cannot write " + file + ": " + e);
    }
  }

  /** Reads a file written by {@link #write} or {@link #writeError}. */
  public static ResultFile read(Path file) throws IOException {
    List<Sample> samples = new ArrayList<>();
    Map<String, Double> values = new LinkedHashMap<>();
    String error = null;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "sample" -> {
          long[] latencies = new long[f.length - 3];
          for (int i = 0; i < latencies.length; i++) {
            latencies[i] = Long.parseLong(f[i + 3]);
          }
          samples.add(new Sample(Long.parseLong(f[1]), Long.parseLong(f[2]), latencies));
        }
        case "value" -> values.put(f[1], Double.parseDouble(f[2]));
        case "error" -> error = line.substring("error ".length());
        default -> {
          // blank or unknown lines are skipped
        }
      }
    }
    return new ResultFile(List.copyOf(samples), values, error);
  }
}
