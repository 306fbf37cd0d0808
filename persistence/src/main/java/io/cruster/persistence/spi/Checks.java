package io.cruster.persistence.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Field checks shared by the SPI records, with messages that name the record and the field. */
final class Checks {

  private Checks() {}

  static <T> T nonNull(T value, String record, String field) {
    return Objects.requireNonNull(value, () -> record + "." + field + " must not be null");
  }

  static String nonBlank(String value, String record, String field) {
    nonNull(value, record, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(record + "." + field + " must not be blank");
    }
    return value;
  }

  static <T> List<T> copyOf(Collection<T> values, String record, String field) {
    nonNull(values, record, field);
    List<T> copy = new ArrayList<>(values.size());
    for (T value : values) {
      copy.add(
          Objects.requireNonNull(value, () -> record + "." + field + " must not contain null"));
    }
    return List.copyOf(copy);
  }

  static String describe(byte[] bytes) {
    return "byte[" + bytes.length + "]";
  }
}
