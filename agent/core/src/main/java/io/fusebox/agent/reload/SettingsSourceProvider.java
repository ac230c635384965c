package io.fusebox.agent.reload;

import java.util.Map;

/**
 * Creates an optional {@link SettingsSource} from environment variables. Modules register an
 * implementation in {@code META-INF/services}; the agent's entry point finds it with {@link
 * java.util.ServiceLoader}, so the core needs no compile-time dependency on Kubernetes code.
 */
public interface SettingsSourceProvider {

  /** Returns the name of the source, for example {@code api-watch}. */
  String name();

  /**
   * Creates the source.
   *
   * @param environment the process environment
   * @throws IllegalArgumentException when a variable the source needs is missing or invalid; the
   *     message names the variable and the fix
   */
  SettingsSource create(Map<String, String> environment, SettingsReloader reloader);
}
