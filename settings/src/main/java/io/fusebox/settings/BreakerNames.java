package io.fusebox.settings;

import java.util.regex.Pattern;

/**
 * The mapping between breaker names in a {@code CircuitBreakerPolicy} ({@code external-api}, a DNS
 * label) and in the settings file ({@code external_api}). The operator replaces each {@code -} with
 * {@code _}; agents reverse it. Both forms are at most 63 characters.
 */
public final class BreakerNames {
  private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9]([_a-z0-9]{0,61}[a-z0-9])?");

  private BreakerNames() {}

  /**
   * Returns the file name of a policy breaker name, for example {@code external_api}.
   *
   * @throws IllegalArgumentException when {@code policyName} is not a DNS label
   */
  public static String toFileName(String policyName) {
    if (!isPolicyName(policyName)) {
      throw new IllegalArgumentException(
          "breaker name is not a DNS label (was \""
              + policyName
              + "\"); use up to 63 lower-case letters, digits and '-', starting and ending with"
              + " a letter or digit");
    }
    return policyName.replace('-', '_');
  }

  /**
   * Returns the policy name of a file breaker name, for example {@code external-api}.
   *
   * @throws IllegalArgumentException when {@code fileName} is not a valid file breaker name
   */
  public static String toPolicyName(String fileName) {
    if (!isFileName(fileName)) {
      throw new IllegalArgumentException(
          "breaker file name is invalid (was \""
              + fileName
              + "\"); use up to 63 lower-case letters, digits and '_', starting and ending with"
              + " a letter or digit");
    }
    return fileName.replace('_', '-');
  }

  /** Returns whether {@code name} is a valid breaker name of a policy (a DNS label). */
  public static boolean isPolicyName(String name) {
    return name != null && POLICY_NAME.matcher(name).matches();
  }

  /** Returns whether {@code name} is a valid breaker name in the settings file. */
  public static boolean isFileName(String name) {
    return name != null && FILE_NAME.matcher(name).matches();
  }
}
