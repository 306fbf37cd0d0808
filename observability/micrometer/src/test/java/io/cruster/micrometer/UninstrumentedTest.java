package io.cruster.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node built without instrumentation records nothing and never loads an OpenTelemetry or
 * Micrometer class, though both are on the class path: the cluster runs in a class loader of its
 * own that records every class it is asked for.
 */
@Timeout(60)
class UninstrumentedTest {

  /** Records the name of every class loaded through it. */
  static final class Recording extends URLClassLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    Recording(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }
  }

  private static URL[] testClassPath() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(cp.split(File.pathSeparator))
        .map(
            p -> {
              try {
                return Path.of(p).toUri().toURL();
              } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
              }
            })
        .toArray(URL[]::new);
  }

  @Test
  void aNodeWithoutInstrumentationLoadsNoOpenTelemetryOrMicrometerClass() throws Exception {
    try (Recording loader = new Recording(testClassPath())) {
      assertTrue(
          loader.getResource("io/micrometer/core/instrument/MeterRegistry.class") != null
              && loader.getResource("io/opentelemetry/api/OpenTelemetry.class") != null,
          "both libraries are on the class path");

      Object reply = loader.loadClass(Uninstrumented.class.getName()).getMethod("run").invoke(null);

      assertEquals(96 + 96, reply);
      assertTrue(
          loader.requested.contains("io.cruster.sharding.internal.WorkflowRun"),
          "the workflow ran in the recording loader");
      List<String> loaded =
          loader.requested.stream()
              .filter(n -> n.startsWith("io.opentelemetry.") || n.startsWith("io.micrometer."))
              .sorted()
              .toList();
      assertEquals(List.of(), loaded);
    }
  }
}
