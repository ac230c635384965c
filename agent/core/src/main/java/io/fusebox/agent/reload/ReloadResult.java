package io.fusebox.agent.reload;

/** The result of offering one file content to the {@link SettingsReloader}. */
public enum ReloadResult {
  /** The content was valid and is now active. */
  APPLIED,
  /** The content equals the active file and the last attempt succeeded, so nothing changed. */
  UNCHANGED,
  /** The content was rejected; the last good settings stay active. */
  REJECTED
}
