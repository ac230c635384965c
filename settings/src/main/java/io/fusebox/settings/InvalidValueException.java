package io.fusebox.settings;

/**
 * A value that breaks the rule of its key. The parser adds the file, line and key and rethrows it
 * as a {@link SettingsException}.
 */
final class InvalidValueException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String fix;
  private final transient YamlNode offendingItem;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong, for example {@code is not an integer}
   * @param fix what to do, for example {@code use an integer of at least 1}
   */
  InvalidValueException(String problem, String fix) {
    this(problem, fix, null);
  }

  /**
   * Creates the exception for one item of a list.
   *
   * @param offendingItem the list item to name in the message instead of the whole list
   */
  InvalidValueException(String problem, String fix, YamlNode offendingItem) {
    super(problem, null, false, false);
    this.fix = fix;
    this.offendingItem = offendingItem;
  }

  /** Returns the list item that breaks the rule, or null when the whole value does. */
  YamlNode offendingItem() {
    return offendingItem;
  }

  /** Returns what is wrong, completing the sentence that starts with the key. */
  String problem() {
    return getMessage();
  }

  /** Returns what to do about it. */
  String fix() {
    return fix;
  }
}
