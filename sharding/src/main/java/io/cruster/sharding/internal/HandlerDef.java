package io.cruster.sharding.internal;

/**
 * A validated handler: the message class, its kind, tag, visibility and reply type, the handler
 * itself and who declared it ({@code trait} is null for the entity's own handlers).
 *
 * @param customKey whether the message overrides {@code Idempotent.idempotencyKey()}
 */
public record HandlerDef(
    Class<?> messageClass,
    MessageKind kind,
    String tag,
    Visibility visibility,
    Class<?> replyType,
    Object handler,
    TraitModel<?> trait,
    boolean idempotent,
    boolean customKey) {

  /** Who declared the handler, for messages: the trait's name or the entity type's. */
  String owner(String entityType) {
    return trait == null ? entityType : entityType + "+" + trait.name();
  }
}
