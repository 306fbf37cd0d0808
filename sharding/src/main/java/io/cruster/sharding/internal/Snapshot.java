package io.cruster.sharding.internal;

import java.util.Map;

/**
 * An entity's committed state: its own, its traits' (by trait name) and the version stored with
 * them. Immutable; rpcs read the current snapshot while activities build the next one.
 */
record Snapshot(Object state, Map<String, Object> traits, long version) {}
