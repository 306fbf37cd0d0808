package io.cruster.sharding;

/**
 * A state change: runs exclusively among the entity's activities, and its new state, trait states,
 * journal entry and result are committed in one transaction; if it throws, nothing changes. {@link
 * Private} by default: callable from the entity's own workflows and activities; annotate it {@link
 * Public} to let clients call it.
 *
 * @param <R> the reply type
 */
public interface Activity<R> extends Message<R> {}
