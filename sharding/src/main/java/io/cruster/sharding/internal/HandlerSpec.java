package io.cruster.sharding.internal;

import java.util.Objects;

/** A handler as registered on a builder, before validation. */
public record HandlerSpec(Class<?> messageClass, MessageKind kind, Object handler) {
  public HandlerSpec {
    Objects.requireNonNull(messageClass, "message class");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(handler, "handler");
  }
}
