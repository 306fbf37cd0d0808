/**
 * Storage implementations behind {@link io.cruster.persistence.Storages}: {@link
 * io.cruster.persistence.internal.InMemoryStorage}, whose tables (messages, states, journal,
 * deferreds, timers) all live under one lock, so a commit is atomic and every read sees only whole
 * commits; the PostgreSQL one is in {@code io.cruster.persistence.internal.postgres}. Internal: not
 * API, may change in any release.
 */
package io.cruster.persistence.internal;
