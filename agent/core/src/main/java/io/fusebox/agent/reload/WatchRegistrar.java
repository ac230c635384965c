package io.fusebox.agent.reload;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Registers a directory with a {@link WatchService}. {@link Path#register} accepts only a watch
 * service of the path's own file system, so tests that use a fake watch service inject a fake
 * registrar as well.
 */
@FunctionalInterface
public interface WatchRegistrar {

  /** Registers {@code directory} for create, modify and delete events (overflow is implied). */
  WatchKey register(Path directory, WatchService service) throws IOException;

  /** The registrar of the path's own file system. */
  WatchRegistrar DEFAULT =
      (directory, service) ->
          directory.register(
              service,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
}
