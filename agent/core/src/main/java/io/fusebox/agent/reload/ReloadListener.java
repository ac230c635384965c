package io.fusebox.agent.reload;

/**
 * Receives the status after each reload attempt that changed it. Called on the reloading thread
 * while the reloader's lock is held, so it must be fast and must not call the reloader.
 */
@FunctionalInterface
public interface ReloadListener {

  /** Called after an attempt with result {@code result}; {@code status} is the new status. */
  void onReload(ReloadResult result, ReloadStatus status);
}
