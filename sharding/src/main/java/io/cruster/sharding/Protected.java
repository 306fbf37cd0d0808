package io.cruster.sharding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Visibility of a message record: Callable by the entity itself and by the traits composed into it;
 * not by other entities or clients. A call the caller may not make fails with {@link
 * NotCallableException} and never runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Protected {}
