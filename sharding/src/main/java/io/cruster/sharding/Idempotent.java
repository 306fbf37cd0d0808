package io.cruster.sharding;

/**
 * Marks a message as de-duplicated: a call whose key was already seen for the same entity returns
 * the stored reply instead of running again (also after restarts), and concurrent duplicates share
 * one execution.
 *
 * <p>The default key is a stable hash of the message's tag and serialized content, so identical
 * messages are the same request. Override {@link #idempotencyKey()} to use a business key instead
 * ({@code return orderId;}).
 */
public interface Idempotent {

  /**
   * The de-duplication key, unique per entity. The default returns the empty string, which tells
   * the runtime to use the content hash; an override must return a non-empty key.
   */
  default String idempotencyKey() {
    return "";
  }
}
