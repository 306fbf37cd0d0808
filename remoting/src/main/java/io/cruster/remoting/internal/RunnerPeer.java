package io.cruster.remoting.internal;

/**
 * The other side of a connection, as it introduced itself in the handshake. Immutable.
 *
 * @param runnerAddress its advertised {@code host:port}; empty for a client that serves nothing
 * @param incarnation the id of its current start; a new value after the peer restarted
 * @param protocolVersion the wire protocol version it speaks
 */
public record RunnerPeer(String runnerAddress, String incarnation, int protocolVersion) {}
