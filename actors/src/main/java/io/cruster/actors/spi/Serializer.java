package io.cruster.actors.spi;

import io.cruster.actors.SerializationException;

/**
 * Turns values into bytes and back: messages on the wire, state and journal entries in storage. The
 * default is {@code Serialization.kryo(TypeRegistry)}; implement this interface to plug in another
 * format.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Thread-safe: one instance is shared by every actor, entity and connection, and called from
 *       many (virtual) threads at once. Calls do no I/O and never block on other calls for long.
 *   <li>Allowlisted: bytes only ever create instances of classes the serializer was configured to
 *       allow; anything else is refused with a {@link SerializationException} naming it, before it
 *       is loaded or instantiated.
 *   <li>Stable: bytes carry stable type identifiers (never registration order) and a format
 *       version, so they stay readable across restarts, nodes and versions of the application.
 *   <li>{@code null} is a value: {@code toBytes(null)} succeeds and its bytes read back as {@code
 *       null} (a workflow step or activity may return nothing).
 *   <li>Every failure, including malformed, truncated or foreign bytes, is a {@link
 *       SerializationException}; no other runtime exception escapes.
 * </ul>
 */
public interface Serializer {

  /**
   * The bytes of {@code value} (which may be null), header included.
   *
   * @throws SerializationException if the value, or any value nested in it, is of a class the
   *     serializer does not allow; the message names that class and how to allow it
   */
  byte[] toBytes(Object value);

  /**
   * Reads a value and checks it is an instance of {@code expected} (a primitive class stands for
   * its box). Null bytes-content is returned as null.
   *
   * @throws SerializationException if the bytes are malformed, truncated, of a newer format
   *     version, name a type that is not allowed, or hold a value that is not an {@code expected}
   */
  <T> T fromBytes(byte[] bytes, Class<T> expected);

  /**
   * Reads a value of whatever allowed type the bytes hold.
   *
   * @throws SerializationException if the bytes are malformed, truncated, of a newer format
   *     version, or name a type that is not allowed
   */
  Object fromBytes(byte[] bytes);

  /** The version of the byte layout this serializer writes; it reads this version and older. */
  int formatVersion();
}
