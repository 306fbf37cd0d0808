package io.cruster.benchmarks.peer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;
import javax.net.SocketFactory;

/**
 * Counts the round trips of every PostgreSQL connection opened through it: named in a JDBC URL as
 * {@code socketFactory=io.cruster.benchmarks.peer.CountingSocketFactory}, the driver creates its
 * sockets here. The driver writes each request (a statement, a COMMIT, a validation query) into a
 * buffer and flushes it once before it waits for the answer, so a flush that sends bytes is one
 * round trip. Thread-safe; the counts are JVM-wide.
 */
public final class CountingSocketFactory extends SocketFactory {
  private static final LongAdder ROUND_TRIPS = new LongAdder();
  private static final LongAdder BYTES_SENT = new LongAdder();

  /** The URL parameter that routes a connection's socket through this factory. */
  public static final String URL_PARAMETER =
      "socketFactory=" + CountingSocketFactory.class.getName();

  /** Instantiated by the PostgreSQL driver. */
  public CountingSocketFactory() {}

  /** Round trips so far, over all counted connections. */
  public static long roundTrips() {
    return ROUND_TRIPS.sum();
  }

  /** Bytes sent so far, over all counted connections. */
  public static long bytesSent() {
    return BYTES_SENT.sum();
  }

  @Override
  public Socket createSocket() {
    return new CountingSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    Socket socket = new CountingSocket();
    socket.bind(new InetSocketAddress(localHost, localPort));
    socket.connect(new InetSocketAddress(host, port));
    return socket;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket socket = new CountingSocket();
    socket.bind(new InetSocketAddress(localAddress, localPort));
    socket.connect(new InetSocketAddress(address, port));
    return socket;
  }

  private static Socket connected(InetSocketAddress address) throws IOException {
    Socket socket = new CountingSocket();
    socket.connect(address);
    return socket;
  }

  /** A plain socket whose output stream counts flushes that sent something. */
  private static final class CountingSocket extends Socket {
    private volatile OutputStream counting;

    @Override
    public OutputStream getOutputStream() throws IOException {
      OutputStream out = counting;
      if (out == null) {
        out = new CountingStream(super.getOutputStream());
        counting = out;
      }
      return out;
    }
  }

  /** Used by one connection at a time (the driver serializes its use of a connection). */
  private static final class CountingStream extends FilterOutputStream {
    private boolean unsent;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      unsent = true;
      BYTES_SENT.increment();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      unsent |= len > 0;
      BYTES_SENT.add(len);
    }

    @Override
    public void flush() throws IOException {
      if (unsent) {
        ROUND_TRIPS.increment();
        unsent = false;
      }
      out.flush();
    }
  }
}
