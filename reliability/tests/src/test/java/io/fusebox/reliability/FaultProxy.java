package io.fusebox.reliability;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 that forwards to one loopback port and injects faults between a client
 * and the API server.
 *
 * <ul>
 *   <li>{@link Mode#PASS} forwards bytes both ways.
 *   <li>{@link Mode#CUT} closes every open connection and closes each new one at once, as a reset
 *       peer does.
 *   <li>{@link Mode#STALL} accepts connections and keeps them open but forwards nothing, as an
 *       overloaded server or a network that drops packets does. The pump threads stop reading, so
 *       TCP flow control also stops the sender.
 * </ul>
 *
 * <p>{@link #pass(boolean)} ends a stall. With {@code abandonStalled} true, connections opened
 * before it stay stalled until the proxy closes, like connections behind a lost NAT entry; only new
 * connections forward again.
 */
final class FaultProxy implements AutoCloseable {

  /** The fault that applies to new bytes and new connections. */
  enum Mode {
    PASS,
    CUT,
    STALL
  }

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;

  /** Guarded by {@code this}; pump threads wait on {@code this} while it is STALL. */
  private Mode mode = Mode.PASS;

  /** Connections opened before this generation stay stalled; guarded by {@code this}. */
  private int passGeneration;

  private volatile boolean closed;

  private FaultProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    this.acceptor.setDaemon(true);
  }

  /** Starts a proxy on a free loopback port that forwards to {@code 127.0.0.1:targetPort}. */
  static FaultProxy start(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    FaultProxy proxy = new FaultProxy(server, targetPort);
    proxy.acceptor.start();
    return proxy;
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * Writes {@code kubeconfig-proxied.yaml} into {@code dir}: a copy of {@code kubeconfig} whose
   * server {@code https://127.0.0.1:<apiPort>} is replaced by this proxy's port.
   *
   * @throws IllegalArgumentException when the kubeconfig names no such server
   */
  Path kubeconfig(Path kubeconfig, int apiPort, Path dir) throws IOException {
    String text = Files.readString(kubeconfig);
    String direct = "https://127.0.0.1:" + apiPort;
    if (!text.contains(direct)) {
      throw new IllegalArgumentException(kubeconfig + " has no server " + direct);
    }
    Path copy = dir.resolve("kubeconfig-proxied.yaml");
    Files.writeString(copy, text.replace(direct, "https://127.0.0.1:" + port()));
    return copy;
  }

  /** Returns how many connections the proxy accepted so far. */
  int acceptedConnections() {
    return accepted.get();
  }

  /** Closes every open connection and closes new ones at once. */
  synchronized void cut() {
    mode = Mode.CUT;
    notifyAll();
    for (Link link : links) {
      link.close();
    }
  }

  /** Stops forwarding on every connection, open and new, without closing any. */
  synchronized void stall() {
    mode = Mode.STALL;
  }

  /** Forwards again; see the class comment for {@code abandonStalled}. */
  synchronized void pass(boolean abandonStalled) {
    if (abandonStalled) {
      passGeneration++;
    }
    mode = Mode.PASS;
    notifyAll();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      accepted.incrementAndGet();
      int generation;
      synchronized (this) {
        if (mode == Mode.CUT) {
          closeQuietly(client);
          continue;
        }
        generation = passGeneration;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      Link link = new Link(client, upstream, generation);
      links.add(link);
      link.start();
    }
  }

  /** Blocks while bytes of a connection of {@code generation} may not be forwarded. */
  private synchronized boolean awaitForwarding(int generation) throws InterruptedException {
    while (!closed && (mode == Mode.STALL || generation < passGeneration)) {
      if (mode == Mode.CUT) {
        return false;
      }
      wait(100);
    }
    return !closed && mode == Mode.PASS;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    synchronized (this) {
      notifyAll();
    }
    for (Link link : links) {
      link.close();
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing a socket that the peer already reset.
    }
  }

  /** One proxied connection with a pump thread per direction. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private final int generation;

    Link(Socket client, Socket upstream, int generation) {
      this.client = client;
      this.upstream = upstream;
      this.generation = generation;
    }

    void start() {
      pump(client, upstream, "up");
      pump(upstream, client, "down");
    }

    private void pump(Socket from, Socket to, String direction) {
      Thread thread =
          new Thread(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  while (awaitForwarding(generation)) {
                    int n = in.read(buffer);
                    if (n < 0) {
                      break;
                    }
                    // A stall that began during the read keeps these bytes back as well.
                    if (!awaitForwarding(generation)) {
                      break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                } catch (IOException e) {
                  // The other side closed or the proxy cut the connection.
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  close();
                }
              },
              "fault-proxy-" + direction);
      thread.setDaemon(true);
      thread.start();
    }

    void close() {
      links.remove(this);
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }
}
