/** The behavior values created by {@code Behaviors}, interpreted by the actor cell. Internal. */
package io.cruster.actors.internal.behavior;
