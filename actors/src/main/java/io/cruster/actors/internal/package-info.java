/**
 * The actor runtime: cells (mailbox, run loop, interpreter), the virtual-thread dispatcher with its
 * run-next hand-off and watchdog, timers, stash, asks and the actor system. Internal: not for use
 * outside Cruster.
 */
package io.cruster.actors.internal;
