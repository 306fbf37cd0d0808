package io.cruster.remoting.internal;

import io.cruster.actors.ConfigException;
import io.grpc.BindableService;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;

/**
 * Builds the gRPC server and channel from the settings: Netty, {@code directExecutor()} (callbacks
 * on the event loop; our handlers never block there), our size limit plus headroom, no gRPC retries
 * (the caller decides), plaintext or TLS. Stateless.
 */
final class Endpoints {

  static Server server(TransportSettings settings, BindableService service) {
    return NettyServerBuilder.forAddress(settings.bindAddress(), serverCredentials(settings))
        .directExecutor()
        .maxInboundMessageSize(Protocol.grpcInboundLimit(settings.maxMessageBytes()))
        .addService(service)
        .build();
  }

  static ManagedChannel channel(TransportSettings settings, String target) {
    return NettyChannelBuilder.forTarget(target, channelCredentials(settings))
        .directExecutor()
        .maxInboundMessageSize(Protocol.grpcInboundLimit(settings.maxMessageBytes()))
        .disableRetry()
        .build();
  }

  private static ServerCredentials serverCredentials(TransportSettings settings) {
    if (!settings.serverTls()) {
      return InsecureServerCredentials.create();
    }
    try {
      return TlsServerCredentials.create(
          settings.tlsCertChain().orElseThrow().toFile(),
          settings.tlsPrivateKey().orElseThrow().toFile());
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "tlsCertChain/tlsPrivateKey: cannot read "
              + settings.tlsCertChain().get()
              + " and "
              + settings.tlsPrivateKey().get()
              + ": "
              + e.getMessage());
    }
  }

  private static ChannelCredentials channelCredentials(TransportSettings settings) {
    if (!settings.clientTls()) {
      return InsecureChannelCredentials.create();
    }
    try {
      return TlsChannelCredentials.newBuilder()
          .trustManager(settings.tlsTrustCerts().orElseThrow().toFile())
          .build();
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "tlsTrustCerts: cannot read " + settings.tlsTrustCerts().get() + ": " + e.getMessage());
    }
  }

  private Endpoints() {}
}
