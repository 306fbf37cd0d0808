/**
 * The gRPC transport between runners. It has no public API: the sharding module is its only user.
 */
module io.cruster.remoting {
  requires transitive io.cruster.actors;
  requires org.slf4j;
  requires com.google.protobuf;
  requires io.grpc;
  requires io.grpc.stub;
  requires io.grpc.protobuf;
  requires io.grpc.netty.shaded;

  exports io.cruster.remoting.internal to
      io.cruster.sharding;
}
