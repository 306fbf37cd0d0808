package io.cruster.samples.cluster;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes each ended span as one tab-separated line (trace id, span id, parent span id, name,
 * runner) to a file, appended and written through at once, so the spans a process ended before a
 * {@code kill -9} are on disk. The multi-process tracing test reads the files of all runners.
 */
final class SpanFile implements SpanExporter {
  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();

  SpanFile(Path file) {
    this.file = file;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    StringBuilder b = new StringBuilder();
    for (SpanData s : spans) {
      b.append(s.getTraceId())
          .append('\t')
          .append(s.getSpanId())
          .append('\t')
          .append(s.getParentSpanId())
          .append('\t')
          .append(s.getName())
          .append('\t')
          .append(RunnerApp.RUNNER_ID)
          .append('\n');
    }
    lock.lock();
    try {
      Files.writeString(
          file,
          b,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
      return CompletableResultCode.ofSuccess();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
