/**
 * Remoting between runners (to come): the wire model of envelopes, replies and addresses as protobuf, and a
 * gRPC bidirectional streaming transport with flow control, deadlines and reconnects. Generated protobuf and
 * gRPC code will stay in {@code io.cruster.remoting.internal}; no gRPC or protobuf type appears here.
 */
package io.cruster.remoting;
