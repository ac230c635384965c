package io.fusebox.agent.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of the test API server. {@link #freeze()} stops forwarding server
 * bytes on every open connection while keeping it open, which reproduces a watch that stays
 * connected but delivers no events; new connections are forwarded normally.
 */
final class FreezableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  FreezableProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "test-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Stops forwarding server data on the connections open now. */
  void freeze() {
    for (Connection connection : connections) {
      connection.frozen = true;
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(server);
        Connection connection = new Connection();
        connections.add(connection);
        pump(client.getInputStream(), server.getOutputStream(), null);
        pump(server.getInputStream(), client.getOutputStream(), connection);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, Connection frozenBy) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  if (frozenBy != null && frozenBy.frozen) {
                    continue;
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // The other side closed the connection.
              }
            },
            "test-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static final class Connection {
    volatile boolean frozen;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
