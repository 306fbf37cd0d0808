/**
 * Storage implementations behind {@link io.cruster.persistence.Storages}: today {@link
 * io.cruster.persistence.internal.InMemoryStorage}, whose tables (messages, states, journal, deferreds,
 * timers) all live under one lock, so a commit is atomic and every read sees only whole commits.
 * Internal: not API, may change in any release.
 */
package io.cruster.persistence.internal;
