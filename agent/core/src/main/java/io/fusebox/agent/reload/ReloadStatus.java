package io.fusebox.agent.reload;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the {@link SettingsReloader} did last and which file is active.
 *
 * @param initialLoaded whether a valid file has been applied since start; readiness depends on this
 *     and never on the last result
 * @param lastResult the result of the last reload attempt, empty before the first
 * @param lastError the message of the last rejected file, cleared by the next applied file
 * @param lastSuccessTime when a file was last applied, read from the reloader's clock
 * @param activeHash content hash of the active file, empty before the first
 * @param activeGeneration the policy generation of the active file, when it names one
 * @param successes files applied since start, including re-applied identical files
 * @param failures distinct rejected contents since start (a rejected file read again is not counted
 *     again)
 */
public record ReloadStatus(
    boolean initialLoaded,
    Optional<ReloadResult> lastResult,
    Optional<String> lastError,
    Optional<Instant> lastSuccessTime,
    Optional<String> activeHash,
    OptionalLong activeGeneration,
    long successes,
    long failures) {

  /** The status before any file was read. */
  public static final ReloadStatus INITIAL =
      new ReloadStatus(
          false,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          OptionalLong.empty(),
          0,
          0);
}
