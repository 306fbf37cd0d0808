package io.cruster.benchmarks;

import java.util.Locale;

/** Number formatting for the report table. */
final class Format {
  private Format() {}

  /** 3.12 M, 472 k, 812: three significant digits. */
  static String count(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (value >= 1e6) {
      return sig(value / 1e6) + " M";
    }
    if (value >= 1e3) {
      return sig(value / 1e3) + " k";
    }
    return sig(value);
  }

  static String micros(double value) {
    return sig(value) + " µs";
  }

  static String bytes(double value) {
    return String.format(Locale.ROOT, "%.0f B", value);
  }

  static String ratio(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f×", value) : "n/a";
  }

  private static String sig(double v) {
    String pattern = v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, pattern, v);
  }
}
