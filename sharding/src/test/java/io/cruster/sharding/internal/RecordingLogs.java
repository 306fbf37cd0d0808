package io.cruster.sharding.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J backend for tests that keeps every log line with the MDC it was written under, and
 * prints it with its MDC. Chosen by {@code
 * -Dslf4j.provider=io.cruster.sharding.internal.RecordingLogs} (this module's surefire
 * configuration).
 */
public final class RecordingLogs implements SLF4JServiceProvider {
  /** One log line. */
  public record Line(String logger, Level level, String message, Map<String, String> mdc) {}

  /** Every line logged so far, in order. */
  public static final List<Line> LINES = new CopyOnWriteArrayList<>();

  private final MDCAdapter mdc = new BasicMDCAdapter();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final ILoggerFactory loggers = Recorder::new;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  private final class Recorder extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    Recorder(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      Map<String, String> context = mdc.getCopyOfContextMap();
      String text = MessageFormatter.basicArrayFormat(pattern, args);
      Line line = new Line(name, level, text, context == null ? Map.of() : Map.copyOf(context));
      LINES.add(line);
      System.err.println(level + " " + name + " " + line.mdc() + " - " + text);
      if (t != null) {
        t.printStackTrace();
      }
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
