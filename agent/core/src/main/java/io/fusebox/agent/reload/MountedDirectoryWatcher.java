package io.fusebox.agent.reload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a settings file from a mounted ConfigMap volume to a {@link SettingsReloader}.
 *
 * <p>The kubelet updates a ConfigMap volume by writing a new hidden timestamped directory, pointing
 * a {@code ..data_tmp} symlink at it and renaming that over the {@code ..data} symlink; the visible
 * file is a symlink into {@code ..data}. So the watcher watches the directory, not the file, treats
 * every event kind (including {@code OVERFLOW}) as "read the file again", and lets the reloader
 * deduplicate by content hash. A periodic re-read is the backstop for lost events, for file systems
 * that raise none, and for a directory that disappeared and came back.
 *
 * <p>A file without {@code ..data} beside it is not a ConfigMap volume mount, or is mounted with
 * {@code subPath}, which the kubelet never updates. The watcher then logs one warning and reports
 * {@link #hotReloadAvailable()} false; it still watches and re-reads the file.
 *
 * <p>No exception ends the watch thread; each is logged and the loop carries on.
 */
public final class MountedDirectoryWatcher implements SettingsSource {
  private static final Logger LOG = LoggerFactory.getLogger(MountedDirectoryWatcher.class);

  /** Largest file read, in bytes; a ConfigMap stores at most 1 MiB. */
  static final int MAX_FILE_BYTES = 1 << 20;

  private final Path file;
  private final Path directory;
  private final SettingsReloader reloader;
  private final WatchService watchService;
  private final WatchRegistrar registrar;
  private final PeriodicScheduler periodic;
  private final Duration rereadInterval;

  /** Held while one caller of {@link #rereadNow()} reads the file and applies what it read. */
  private final Object readLock = new Object();

  // Written by start() before the threads exist, then read-only.
  private volatile boolean hotReloadAvailable;
  // Set by whichever thread registers or loses the registration; read by the periodic task.
  private volatile boolean registered;
  private volatile boolean missingLogged;
  private volatile boolean running;
  private Thread watchThread;
  private AutoCloseable periodicHandle;

  /**
   * Creates a watcher; nothing runs until {@link #start()}.
   *
   * @param watchService the service the watcher owns and closes
   * @param rereadInterval the period of the backstop re-read
   */
  public MountedDirectoryWatcher(
      Path file,
      SettingsReloader reloader,
      WatchService watchService,
      WatchRegistrar registrar,
      PeriodicScheduler periodic,
      Duration rereadInterval) {
    this.file = file.toAbsolutePath();
    this.directory = Objects.requireNonNull(this.file.getParent(), "file has no directory");
    this.reloader = Objects.requireNonNull(reloader, "reloader");
    this.watchService = Objects.requireNonNull(watchService, "watchService");
    this.registrar = Objects.requireNonNull(registrar, "registrar");
    this.periodic = Objects.requireNonNull(periodic, "periodic");
    if (rereadInterval.isNegative() || rereadInterval.isZero()) {
      throw new IllegalArgumentException(
          "rereadInterval must be positive (was " + rereadInterval + ")");
    }
    this.rereadInterval = rereadInterval;
  }

  /** Returns a watcher with the default file system's watch service and a daemon re-read thread. */
  public static MountedDirectoryWatcher create(
      Path file, SettingsReloader reloader, Duration rereadInterval) throws IOException {
    return new MountedDirectoryWatcher(
        file,
        reloader,
        file.getFileSystem().newWatchService(),
        WatchRegistrar.DEFAULT,
        PeriodicScheduler.daemon("fusebox-settings-reread"),
        rereadInterval);
  }

  /** Reads the file once, checks for a {@code subPath} mount, then starts watching. */
  @Override
  public synchronized void start() {
    initialize();
    watchThread = new Thread(this::watchLoop, "fusebox-settings-watch");
    watchThread.setDaemon(true);
    watchThread.start();
  }

  /** Does everything of {@link #start()} except starting the watch thread. */
  synchronized void initialize() {
    running = true;
    hotReloadAvailable = Files.exists(directory.resolve("..data"), LinkOption.NOFOLLOW_LINKS);
    if (!hotReloadAvailable) {
      LOG.warn(
          "No ..data beside {}: the file is not a ConfigMap volume mount or is mounted with"
              + " subPath, which the kubelet never updates. Hot reload from a mounted ConfigMap is"
              + " unavailable; mount the whole volume without subPath, or set"
              + " FUSEBOX_API_WATCH=on",
          file);
    }
    tryRegister();
    rereadNow();
    periodicHandle = periodic.schedule(this::periodicTask, rereadInterval);
  }

  /**
   * Returns whether the file sits in a ConfigMap volume that the kubelet updates ({@code ..data}
   * existed at start).
   */
  @Override
  public boolean hotReloadAvailable() {
    return hotReloadAvailable;
  }

  /** Returns the watched file. */
  public Path file() {
    return file;
  }

  /**
   * Reads the file and offers its content to the reloader. The watch thread and the periodic
   * re-read both call this, so read and apply run under one lock. Without it, a read of the
   * previous file could be applied after a read of the current one, and the previous settings would
   * stay active until the next event or re-read.
   */
  public void rereadNow() {
    synchronized (readLock) {
      readAndApply();
    }
  }

  private void readAndApply() {
    byte[] content;
    try {
      content = readBounded();
    } catch (NoSuchFileException e) {
      if (!missingLogged) {
        missingLogged = true;
        LOG.warn("Settings file {} does not exist; the last good settings stay", file);
      }
      return;
    } catch (IOException e) {
      LOG.warn("Failed to read settings file {}; the last good settings stay", file, e);
      return;
    }
    missingLogged = false;
    reloader.apply(file.getFileName().toString(), content);
  }

  /** Handles every event that is already queued, without blocking. */
  void processPendingEvents() {
    WatchKey key;
    while ((key = watchService.poll()) != null) {
      handle(key);
    }
  }

  private void watchLoop() {
    while (running) {
      try {
        handle(watchService.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("Settings watch loop failed on one event; it carries on", e);
      }
    }
  }

  private void handle(WatchKey key) {
    // Any event kind, OVERFLOW included, means "read again"; the reloader deduplicates.
    int events = key.pollEvents().size();
    LOG.debug("{} events in {}", events, directory);
    rereadNow();
    if (!key.reset()) {
      registered = false;
      LOG.warn(
          "Settings directory {} is no longer watchable; re-registering when it returns",
          directory);
      tryRegister();
    }
  }

  private void periodicTask() {
    try {
      if (!registered) {
        tryRegister();
      }
      rereadNow();
    } catch (RuntimeException e) {
      LOG.warn("Periodic re-read of {} failed; it runs again in {}", file, rereadInterval, e);
    }
  }

  private void tryRegister() {
    try {
      registrar.register(directory, watchService);
      registered = true;
    } catch (NoSuchFileException e) {
      registered = false;
      LOG.debug("Settings directory {} does not exist yet", directory);
    } catch (IOException | ClosedWatchServiceException e) {
      registered = false;
      LOG.warn("Failed to watch {}; the periodic re-read still runs", directory, e);
    }
  }

  private byte[] readBounded() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
      if (content.length > MAX_FILE_BYTES) {
        throw new IOException("file is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return content;
    }
  }

  /** Stops the watch thread and the periodic re-read; the active settings stay. */
  @Override
  public synchronized void close() {
    running = false;
    try {
      watchService.close();
    } catch (IOException e) {
      LOG.debug("Closing the watch service failed", e);
    }
    if (periodicHandle != null) {
      try {
        periodicHandle.close();
      } catch (Exception e) {
        LOG.debug("Stopping the periodic re-read failed", e);
      }
    }
    if (watchThread != null) {
      watchThread.interrupt();
    }
  }
}
