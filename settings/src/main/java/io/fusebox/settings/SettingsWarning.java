package io.fusebox.settings;

/**
 * A problem that does not reject the file, such as an unknown key.
 *
 * @param source the file name
 * @param line the 1-based line of the key
 * @param key the dotted key path
 * @param message the whole warning text, starting with source and line
 */
public record SettingsWarning(String source, int line, String key, String message) {}
