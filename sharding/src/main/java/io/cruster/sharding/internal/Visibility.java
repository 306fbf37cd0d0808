package io.cruster.sharding.internal;

/** Who may send a message. */
public enum Visibility {
  PUBLIC,
  PROTECTED,
  PRIVATE
}
