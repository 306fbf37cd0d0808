/**
 * Extension points for plugin authors: interfaces Cruster calls and that other libraries may
 * implement, such as {@link io.cruster.actors.spi.Serializer} (the bytes of messages and state).
 * Users of Cruster normally need nothing from here; each interface says what an implementation must
 * guarantee, including thread-safety.
 */
package io.cruster.actors.spi;
