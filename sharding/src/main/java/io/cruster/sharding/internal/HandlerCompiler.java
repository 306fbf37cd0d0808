package io.cruster.sharding.internal;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityDefinitionException;
import io.cruster.sharding.Idempotent;
import io.cruster.sharding.Message;
import io.cruster.sharding.Private;
import io.cruster.sharding.Protected;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.StreamRpc;
import io.cruster.sharding.Tag;
import io.cruster.sharding.Workflow;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns registered handlers into {@link HandlerDef}s, checking each rule once, at build time. */
final class HandlerCompiler {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private HandlerCompiler() {}

  static void checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new EntityDefinitionException(
          what + " name [" + name + "] must match " + NAME.pattern());
    }
  }

  static List<HandlerDef> compile(String owner, List<HandlerSpec> specs, TraitModel<?> trait) {
    List<HandlerDef> out = new ArrayList<>();
    for (HandlerSpec s : specs) {
      out.add(compile(owner, s, trait));
    }
    return out;
  }

  private static HandlerDef compile(String owner, HandlerSpec s, TraitModel<?> trait) {
    Class<?> type = s.messageClass();
    String where = owner + ", message " + type.getName();
    if (!type.isRecord()) {
      throw new EntityDefinitionException(where + ": messages must be records");
    }
    Class<?> kindInterface =
        switch (s.kind()) {
          case RPC -> Rpc.class;
          case ACTIVITY -> Activity.class;
          case WORKFLOW -> Workflow.class;
          case STREAM -> StreamRpc.class;
        };
    if (!kindInterface.isAssignableFrom(type)) {
      throw new EntityDefinitionException(
          where
              + ": registered as "
              + s.kind()
              + " but does not implement "
              + kindInterface.getSimpleName());
    }
    Visibility visibility = visibility(where, type, s.kind());
    boolean idempotent = Idempotent.class.isAssignableFrom(type);
    boolean customKey = false;
    if (idempotent) {
      try {
        customKey = type.getMethod("idempotencyKey").getDeclaringClass() != Idempotent.class;
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }
    return new HandlerDef(
        type,
        s.kind(),
        tag(type),
        visibility,
        replyType(where, type),
        s.handler(),
        trait,
        idempotent,
        customKey);
  }

  private static Visibility visibility(String where, Class<?> type, MessageKind kind) {
    List<Visibility> declared = new ArrayList<>();
    if (type.isAnnotationPresent(Public.class)) {
      declared.add(Visibility.PUBLIC);
    }
    if (type.isAnnotationPresent(Protected.class)) {
      declared.add(Visibility.PROTECTED);
    }
    if (type.isAnnotationPresent(Private.class)) {
      declared.add(Visibility.PRIVATE);
    }
    if (declared.size() > 1) {
      throw new EntityDefinitionException(
          where + ": at most one of @Public, @Protected, @Private, found " + declared);
    }
    Visibility v =
        declared.isEmpty()
            ? (kind == MessageKind.ACTIVITY ? Visibility.PRIVATE : Visibility.PUBLIC)
            : declared.get(0);
    if (kind == MessageKind.STREAM && v != Visibility.PUBLIC) {
      throw new EntityDefinitionException(
          where + ": stream rpcs reply to clients and must be @Public, not " + v);
    }
    return v;
  }

  /**
   * The tag: {@code @Tag}'s value, else the simple names of the record and its enclosing classes
   * joined by '.'.
   */
  static String tag(Class<?> type) {
    Tag t = type.getAnnotation(Tag.class);
    if (t != null) {
      if (t.value().isBlank()) {
        throw new EntityDefinitionException(
            "message " + type.getName() + ": @Tag must not be blank");
      }
      return t.value();
    }
    StringBuilder sb = new StringBuilder(type.getSimpleName());
    for (Class<?> c = type.getEnclosingClass(); c != null; c = c.getEnclosingClass()) {
      sb.insert(0, c.getSimpleName() + ".");
    }
    return sb.toString();
  }

  /** The {@code R} of {@code Message<R>} as a class (its raw class for a parameterized reply). */
  static Class<?> replyType(String where, Class<?> type) {
    Type r = resolve(type, Message.class);
    if (r instanceof Class<?> c) {
      return c;
    }
    if (r instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    throw new EntityDefinitionException(
        where
            + ": cannot tell its reply type ("
            + r
            + "); implement the kind with a concrete type argument");
  }

  private static Type resolve(Class<?> type, Class<?> target) {
    for (Type i : type.getGenericInterfaces()) {
      Type found = find(i, target);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Type find(Type i, Class<?> target) {
    Class<?> raw = i instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) i;
    if (!target.isAssignableFrom(raw)) {
      return null;
    }
    if (i instanceof ParameterizedType p) {
      Type arg = p.getActualTypeArguments()[0];
      // Rpc<R>, Activity<R>, Workflow<R> and StreamRpc<T> all pass their argument straight to
      // Message<R>.
      return raw == target || raw.getTypeParameters().length == 1 ? arg : null;
    }
    return null;
  }
}
