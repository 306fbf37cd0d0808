/**
 * The entity runtime: compiled entity models, live instances (actors), workflow executions and
 * their journal, request dispatch, the storage poller. Internal: not for use outside Cruster.
 */
package io.cruster.sharding.internal;
