/**
 * The default, Kryo-based {@link io.cruster.actors.spi.Serializer} and the Kryo-free helpers behind
 * {@link io.cruster.actors.TypeRegistry} (the built-in JDK types, the transitive type walk, the
 * stable FNV-1a hash). Internal: not API, may change in any release. Kryo types appear only in this
 * package; {@link io.cruster.actors.Serialization#kryo(io.cruster.actors.TypeRegistry)} is the
 * public way in.
 *
 * <p>Design: every class travels as the 32-bit stable id of its registry name, resolved through a
 * table built from the registry (so unknown ids never load a class); records are written component
 * by component with name ids and lengths so they can evolve; enums by name; collections with size
 * checks against the bytes left. Kryo instances are pooled, one thread at a time each.
 */
package io.cruster.actors.internal.serialization;
