package io.cruster.samples.chess;

/**
 * The reply of a command: what it produced, or why it was refused (and then nothing changed).
 *
 * @param <T> the value of a success
 */
public sealed interface Reply<T> {

  /** Success with a value. */
  record Ok<T>(T value) implements Reply<T> {}

  /** A refusal: its code and a message for a person. */
  record Refused<T>(Refusal code, String message) implements Reply<T> {}

  /** A success with {@code value}. */
  static <T> Reply<T> ok(T value) {
    return new Ok<>(value);
  }

  /** A refusal; nothing changed. */
  static <T> Reply<T> refused(Refusal code, String message) {
    return new Refused<>(code, message);
  }

  /** The value of a success. */
  default T orElseThrow() {
    return switch (this) {
      case Ok<T> ok -> ok.value();
      case Refused<T> r -> throw new IllegalStateException(r.code() + ": " + r.message());
    };
  }
}
