package io.cruster.actors.internal.serialization;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Computes the closure of the types a registry allows: from each root, the types reachable through
 * record components (generic arguments and array components included), the permitted subclasses of
 * sealed types, and the fields of plain classes. Built-in JDK types end the walk; interfaces and
 * abstract classes that are not sealed end it too (their implementations must be registered by
 * themselves). A concrete JDK class that is not built in is refused, as is a plain class without a
 * no-arg constructor: both could only fail later, at the first message.
 *
 * <p>Runs once per {@code TypeRegistry.Builder.build()}; not thread-safe (one walk per instance).
 */
public final class TypeGraph {
  private final Set<Class<?>> closure = new LinkedHashSet<>();

  private TypeGraph() {}

  /**
   * The roots and every type reachable from them, built-ins excluded, in discovery order.
   *
   * @throws IllegalArgumentException naming the path to a type that cannot be serialized
   */
  public static Set<Class<?>> closure(Collection<Class<?>> roots) {
    TypeGraph graph = new TypeGraph();
    for (Class<?> root : roots) {
      graph.visitRoot(root);
    }
    return graph.closure;
  }

  private void visitRoot(Class<?> root) {
    if (BuiltinTypes.of(root).isPresent() || closure.contains(root)) {
      return;
    }
    if (!root.isArray() && !root.isEnum() && isAbstract(root) && !root.isSealed()) {
      closure.add(root); // explicitly allowed, nothing to walk
      return;
    }
    visitClass(root, root.getName());
  }

  private void visit(Type type, String via) {
    switch (type) {
      case Class<?> c -> visitClass(c, via);
      case ParameterizedType p -> {
        visit(p.getRawType(), via);
        for (Type argument : p.getActualTypeArguments()) {
          visit(argument, via);
        }
      }
      case GenericArrayType g -> visit(g.getGenericComponentType(), via);
      case WildcardType w -> {
        for (Type bound : w.getUpperBounds()) {
          visit(bound, via);
        }
        for (Type bound : w.getLowerBounds()) {
          visit(bound, via);
        }
      }
      case TypeVariable<?> v -> {
        for (Type bound : v.getBounds()) {
          visit(bound, via);
        }
      }
      default -> throw new IllegalArgumentException("unsupported type " + type + " at " + via);
    }
  }

  private void visitClass(Class<?> c, String via) {
    if (c.isPrimitive()
        || c == Object.class
        || BuiltinTypes.of(c).isPresent()
        || closure.contains(c)) {
      return;
    }
    if (Enum.class.isAssignableFrom(c) && !c.isEnum()) {
      return; // an enum constant's body class, covered by its enum
    }
    if (c.isArray()) {
      closure.add(c);
      visitClass(c.getComponentType(), via + "[]");
    } else if (c.isEnum()) {
      closure.add(c);
    } else if (c.isRecord()) {
      closure.add(c);
      for (RecordComponent component : c.getRecordComponents()) {
        visit(component.getGenericType(), c.getName() + "." + component.getName());
      }
    } else if (c.isSealed()) {
      if (isAbstract(c)) {
        closure.add(c);
      } else {
        visitPlainClass(c, via);
      }
      for (Class<?> permitted : c.getPermittedSubclasses()) {
        visitClass(permitted, c.getName() + " permits " + permitted.getName());
      }
    } else if (isAbstract(c)) {
      // a non-sealed interface or abstract class: its implementations are registered by themselves
    } else if (isJdk(c)) {
      throw new IllegalArgumentException(
          c.getName()
              + " (reached through "
              + via
              + ") is a JDK type that Cruster does not"
              + " serialize; use a built-in type instead (String, primitives and boxes, BigDecimal,"
              + " BigInteger, UUID, java.time, Optional, JDK collections, arrays)");
    } else {
      visitPlainClass(c, via);
    }
  }

  private void visitPlainClass(Class<?> c, String via) {
    try {
      c.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          c.getName()
              + " (reached through "
              + via
              + ") is neither a record nor an enum and has"
              + " no no-arg constructor, so it cannot be read back; make it a record or add one",
          e);
    }
    closure.add(c);
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      if (isJdk(k)) {
        throw new IllegalArgumentException(
            c.getName()
                + " (reached through "
                + via
                + ") extends the JDK class "
                + k.getName()
                + ", whose fields Cruster cannot serialize");
      }
      for (Field field : k.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
          visit(field.getGenericType(), k.getName() + "." + field.getName());
        }
      }
    }
  }

  private static boolean isAbstract(Class<?> c) {
    return c.isInterface() || Modifier.isAbstract(c.getModifiers());
  }

  static boolean isJdk(Class<?> c) {
    String name = c.getName();
    return name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("jdk.")
        || name.startsWith("sun.")
        || name.startsWith("com.sun.");
  }
}
