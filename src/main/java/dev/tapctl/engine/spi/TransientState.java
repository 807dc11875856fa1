package dev.tapctl.engine.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a live attribute that moves on its own, not by anyone's change: a queue's message counts,
 * a resource's lifecycle state on its way to available. A saved plan's fingerprint of the object
 * leaves it out, so that a plan is not stale merely because a database finished backing up; where
 * such an attribute decides what the plan does, the step itself differs and the plan is stale anyway.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface TransientState {}
