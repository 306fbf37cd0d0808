package io.cruster.samples.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces for runner processes, so that a test can cut a runner's links for real: each
 * slot is a namespace of its own ({@code crx-<n>}) with three veth links:
 *
 * <ul>
 *   <li>{@code peer}, 10.213.0.(10+n)/24, to a bridge in a hub namespace ({@code crx-hub}) shared
 *       by every slot: the runners' gRPC traffic to each other;
 *   <li>{@code pg}, 10.214.n.2/30, to the test's namespace (10.214.n.1), where a relay forwards to
 *       the test run's PostgreSQL on loopback; the runner's admin endpoint listens here too;
 *   <li>{@code etcd}, 10.215.n.2/30, likewise to the test run's etcd.
 * </ul>
 *
 * {@link #cutPeers} takes a slot's hub link down (its traffic to and from every other runner is
 * dropped, both ways, while it still reaches PostgreSQL and etcd); {@link #cutEtcd} takes its etcd
 * link down. Every address is one this class creates; {@link #close()} deletes the namespaces and
 * links (and a start removes those a crashed run left). Needs root and {@code ip}.
 */
final class RunnerNetwork implements AutoCloseable {
  private static final String PREFIX = "crx-";
  private static final String HUB = PREFIX + "hub";

  private final int slots;
  private final int pgPort;
  private final int etcdPort;
  private final List<Relay> relays = new ArrayList<>();

  private RunnerNetwork(int slots, int pgPort, int etcdPort) {
    this.slots = slots;
    this.pgPort = pgPort;
    this.etcdPort = etcdPort;
  }

  /** Whether this process may create network namespaces (root, with {@code ip}). */
  static boolean available() {
    try {
      run("ip", "netns", "list");
      return "0".equals(run("id", "-u").strip());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Creates {@code slots} runner namespaces around the services listening on loopback at {@code
   * pgPort} and {@code etcdPort}.
   */
  static RunnerNetwork create(int slots, int pgPort, int etcdPort) throws IOException {
    removeLeftovers();
    RunnerNetwork net = new RunnerNetwork(slots, pgPort, etcdPort);
    try {
      net.build();
      return net;
    } catch (RuntimeException | IOException e) {
      net.close();
      throw e;
    }
  }

  private void build() throws IOException {
    run("ip", "netns", "add", HUB);
    ip(HUB, "link", "set", "lo", "up");
    ip(HUB, "link", "add", "br0", "type", "bridge");
    ip(HUB, "link", "set", "br0", "up");
    for (int n = 1; n <= slots; n++) {
      String ns = PREFIX + n;
      run("ip", "netns", "add", ns);
      ip(ns, "link", "set", "lo", "up");
      String hubSide = "crx" + n + "peer";
      run("ip", "link", "add", hubSide, "type", "veth", "peer", "name", "peer", "netns", ns);
      run("ip", "link", "set", hubSide, "netns", HUB);
      ip(HUB, "link", "set", hubSide, "master", "br0", "up");
      ip(ns, "addr", "add", peerAddress(n) + "/24", "dev", "peer");
      ip(ns, "link", "set", "peer", "up");
      link(n, "pg", 214);
      link(n, "etcd", 215);
      relays.add(new Relay(serviceSide(n, 214), pgPort));
      relays.add(new Relay(serviceSide(n, 215), etcdPort));
    }
  }

  /** A point-to-point link named {@code name} between slot {@code n} and the test: 10.s.n.0/30. */
  private static void link(int n, String name, int s) {
    String ns = PREFIX + n;
    String outside = "crx" + n + name;
    run("ip", "link", "add", outside, "type", "veth", "peer", "name", name, "netns", ns);
    run("ip", "addr", "add", serviceSide(n, s) + "/30", "dev", outside);
    run("ip", "link", "set", outside, "up");
    ip(ns, "addr", "add", "10." + s + "." + n + ".2/30", "dev", name);
    ip(ns, "link", "set", name, "up");
  }

  private static String serviceSide(int n, int s) {
    return "10." + s + "." + n + ".1";
  }

  /** The address slot {@code n}'s runner listens on for other runners. */
  static String peerAddress(int n) {
    return "10.213.0." + (10 + n);
  }

  /** The address of slot {@code n}'s runner as the test reaches it (its admin endpoint). */
  static String adminAddress(int n) {
    return "10.214." + n + ".2";
  }

  int slots() {
    return slots;
  }

  /** The command prefix that runs a program in slot {@code n}'s namespace. */
  List<String> launcher(int n) {
    return List.of("ip", "netns", "exec", PREFIX + n);
  }

  /** {@code jdbcUrl} (on loopback) as slot {@code n} reaches the same database. */
  String jdbcUrl(int n, String jdbcUrl) {
    return jdbcUrl.replaceFirst("//(127\\.0\\.0\\.1|localhost):", "//" + serviceSide(n, 214) + ":");
  }

  /** The etcd endpoint as slot {@code n} reaches it. */
  String etcdEndpoint(int n) {
    return "http://" + serviceSide(n, 215) + ":" + etcdPort;
  }

  /** Drops all traffic between slot {@code n} and every other slot, both ways. */
  void cutPeers(int n) {
    ip(HUB, "link", "set", "crx" + n + "peer", "down");
  }

  void healPeers(int n) {
    ip(HUB, "link", "set", "crx" + n + "peer", "up");
  }

  /** Drops all traffic between slot {@code n} and etcd, both ways. */
  void cutEtcd(int n) {
    run("ip", "link", "set", "crx" + n + "etcd", "down");
  }

  void healEtcd(int n) {
    run("ip", "link", "set", "crx" + n + "etcd", "up");
  }

  /** The port of a URI such as {@code http://127.0.0.1:2379}. */
  static int port(String uri) {
    return URI.create(uri).getPort();
  }

  @Override
  public void close() {
    relays.forEach(Relay::close);
    removeLeftovers();
  }

  private static void removeLeftovers() {
    for (String line : run("ip", "netns", "list").split("\n")) {
      String ns = line.split(" ")[0];
      if (ns.startsWith(PREFIX)) {
        run("ip", "netns", "del", ns);
      }
    }
    for (String line : run("ip", "-o", "link", "show").split("\n")) {
      String[] f = line.split(":\\s+");
      if (f.length > 1 && f[1].startsWith("crx")) {
        String name = f[1].split("@")[0];
        try {
          run("ip", "link", "del", name);
        } catch (IllegalStateException gone) {
          // deleted with its peer's namespace meanwhile
        }
      }
    }
  }

  private static void ip(String ns, String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "-n", ns));
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Forwards connections to {@code address:port} to the same port on loopback, where the test run's
   * services listen. Two platform threads per connection copy the bytes.
   */
  private static final class Relay implements AutoCloseable {
    private final ServerSocket listener;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Relay(String address, int port) throws IOException {
      this.port = port;
      this.listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getByName(address), port), 64);
      Thread.ofPlatform().daemon().name("relay-" + address + ":" + port).start(this::accept);
    }

    private void accept() {
      while (!closed) {
        try {
          Socket client = listener.accept();
          Socket server;
          try {
            server = new Socket(InetAddress.getLoopbackAddress(), port);
          } catch (IOException refused) {
            // The service is down (a restart): refuse the client too, as the service itself would,
            // instead of leaving it connected to nothing until its own timeout.
            closeQuietly(client);
            continue;
          }
          open.add(client);
          open.add(server);
          pipe(client, server);
          pipe(server, client);
        } catch (IOException e) {
          if (closed) {
            return;
          }
        }
      }
    }

    private void pipe(Socket from, Socket to) {
      Thread.ofPlatform()
          .daemon()
          .name("relay-pipe")
          .start(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                } catch (IOException e) {
                  // closed at either end
                } finally {
                  closeQuietly(from);
                  closeQuietly(to);
                  open.remove(from);
                  open.remove(to);
                }
              });
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }

    @Override
    public void close() {
      closed = true;
      try {
        listener.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      open.forEach(Relay::closeQuietly);
    }
  }
}
