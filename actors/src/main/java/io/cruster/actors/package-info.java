/**
 * Typed actors on virtual threads: {@link io.cruster.actors.Behavior}s built with {@link
 * io.cruster.actors.Behaviors}, {@link io.cruster.actors.ActorRef}s to send to, {@link
 * io.cruster.actors.ActorSystem} to host them, supervision, death watch, timers, stash and ask.
 * Mailboxes are bounded; a full one rejects a {@code tell} with {@link
 * io.cruster.actors.MailboxFullException}.
 */
package io.cruster.actors;
