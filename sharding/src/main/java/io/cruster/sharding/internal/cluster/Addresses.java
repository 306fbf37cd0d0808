package io.cruster.sharding.internal.cluster;

import io.cruster.actors.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The address a runner advertises to the others, from the one it binds. */
final class Addresses {
  private Addresses() {}

  /**
   * {@code configured}'s host with the bound {@code port}; a wildcard host ({@code 0.0.0.0}, {@code
   * ::}) is replaced by this host's own address.
   *
   * @throws ConfigException when the host binds every interface and this host's address is unknown
   */
  static String advertised(String configured, int port) {
    String host = configured.substring(0, configured.lastIndexOf(':'));
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      try {
        host = InetAddress.getLocalHost().getHostAddress();
      } catch (UnknownHostException e) {
        throw new ConfigException(
            "runnerAddress "
                + configured
                + " binds every interface, and this host's own address "
                + "cannot be found to advertise; give the address to advertise instead");
      }
    }
    return host + ":" + port;
  }
}
