package io.fusebox.agent.reload;

import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.Watchable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WatchService} whose events a test delivers by hand, to reproduce file systems that raise
 * only create, only modify or only delete events, or none at all.
 */
final class FakeWatchService implements WatchService {
  private final LinkedBlockingQueue<WatchKey> signalled = new LinkedBlockingQueue<>();
  private volatile boolean closed;
  private volatile boolean valid = true;
  private final List<Path> registrations = new ArrayList<>();

  /** A registrar that hands out keys of this service. */
  WatchRegistrar registrar() {
    return (directory, service) -> {
      if (!Files.isDirectory(directory)) {
        throw new NoSuchFileException(directory.toString());
      }
      synchronized (registrations) {
        registrations.add(directory);
      }
      valid = true;
      return new Key(directory, List.of());
    };
  }

  int registrations() {
    synchronized (registrations) {
      return registrations.size();
    }
  }

  /** Queues one key with one event of {@code kind} for {@code name}. */
  void deliver(WatchEvent.Kind<?> kind, Path directory, String name) {
    signalled.add(new Key(directory, List.of(new Event(kind, Path.of(name)))));
  }

  /** Makes the next delivered keys report that the directory is gone. */
  void invalidate() {
    valid = false;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public WatchKey poll() {
    check();
    return signalled.poll();
  }

  @Override
  public WatchKey poll(long timeout, TimeUnit unit) throws InterruptedException {
    check();
    return signalled.poll(timeout, unit);
  }

  @Override
  public WatchKey take() throws InterruptedException {
    check();
    return signalled.take();
  }

  private void check() {
    if (closed) {
      throw new ClosedWatchServiceException();
    }
  }

  private static final class Event implements WatchEvent<Path> {
    private final Kind<?> kind;
    private final Path context;

    Event(Kind<?> kind, Path context) {
      this.kind = kind;
      this.context = context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Kind<Path> kind() {
      return (Kind<Path>) kind;
    }

    @Override
    public int count() {
      return 1;
    }

    @Override
    public Path context() {
      return context;
    }
  }

  private final class Key implements WatchKey {
    private final Path directory;
    private final List<WatchEvent<?>> events;

    Key(Path directory, List<WatchEvent<?>> events) {
      this.directory = directory;
      this.events = new ArrayList<>(events);
    }

    @Override
    public boolean isValid() {
      return valid;
    }

    @Override
    public List<WatchEvent<?>> pollEvents() {
      List<WatchEvent<?>> copy = List.copyOf(events);
      events.clear();
      return copy;
    }

    @Override
    public boolean reset() {
      return valid;
    }

    @Override
    public void cancel() {}

    @Override
    public Watchable watchable() {
      return directory;
    }
  }
}
