package io.fusebox.settings;

/**
 * A settings file or environment variable that cannot be used. The message has the form {@code
 * <source>:<line>: <key> <what is wrong> (was <value>); <what to do>}; the line is left out when it
 * is not known (0), for example for an environment variable.
 */
public final class SettingsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String key;
  private final String value;
  private final String problem;
  private final String fix;

  /**
   * Creates the exception.
   *
   * @param source the file name or other source, for example {@code environment}
   * @param line the 1-based line, or 0 when unknown
   * @param key the dotted key path, for example {@code services.database.failure_threshold}
   * @param value the rejected value as written, or null when there is none
   * @param problem what is wrong, completing a sentence that starts with the key
   * @param fix what to do about it
   */
  public SettingsException(
      String source, int line, String key, String value, String problem, String fix) {
    super(format(source, line, key, value, problem, fix));
    this.source = source;
    this.line = line;
    this.key = key;
    this.value = value;
    this.problem = problem;
    this.fix = fix;
  }

  /** Returns what is wrong, the part of the message after the key. */
  public String problem() {
    return problem;
  }

  /** Returns what to do about it, the last part of the message. */
  public String fix() {
    return fix;
  }

  /** Returns the file name or other source of the rejected value. */
  public String source() {
    return source;
  }

  /** Returns the 1-based line of the rejected value, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** Returns the dotted path of the rejected key. */
  public String key() {
    return key;
  }

  /** Returns the rejected value as written, or null when there is none. */
  public String value() {
    return value;
  }

  private static String format(
      String source, int line, String key, String value, String problem, String fix) {
    StringBuilder message = new StringBuilder(source);
    if (line > 0) {
      message.append(':').append(line);
    }
    message.append(": ").append(key).append(' ').append(problem);
    if (value != null) {
      message.append(" (was ").append(value).append(')');
    }
    return message.append("; ").append(fix).toString();
  }
}
