package io.fusebox.api.v1alpha1;

/**
 * Regular expressions and size limits shared by the schema annotations and by the Java-side
 * validation, so both reject the same values.
 */
public final class ApiPatterns {

  /** A DNS label (RFC 1123): lower-case letters, digits and {@code -}, at most 63 characters. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A DNS subdomain (RFC 1123), the name syntax of Deployments and StatefulSets. */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /**
   * A Kubernetes-style duration: one or more decimal numbers, each followed by {@code h}, {@code
   * m}, {@code s} or {@code ms}, as in {@code 500ms}, {@code 30s}, {@code 1m} or {@code 1h30m}. CEL
   * {@code duration()} accepts every string that matches.
   */
  public static final String DURATION = "^([0-9]{1,6}(\\.[0-9]{1,3})?(h|ms|m|s))+$";

  /** A Java class name such as {@code java.io.IOException} or {@code a.b.Outer$Inner}. */
  public static final String CLASS_NAME =
      "^[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*$";

  /** An HTTP status code {@code NNN} or an inclusive range {@code NNN-NNN}. */
  public static final String STATUS_RANGE = "^[1-5][0-9]{2}(-[1-5][0-9]{2})?$";

  /** A Prometheus label name. */
  public static final String PROMETHEUS_LABEL_NAME = "^[a-zA-Z_][a-zA-Z0-9_]*$";

  /** A URL path for scraping: starts with {@code /}, no spaces, quotes or control characters. */
  public static final String HTTP_PATH = "^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$";

  /** Maximum length of a duration string. */
  public static final int DURATION_MAX_LENGTH = 32;

  /** Maximum length of a Java class name. */
  public static final int CLASS_NAME_MAX_LENGTH = 255;

  /** Maximum number of entries in an exception or status-code list. */
  public static final int OUTCOME_LIST_MAX_ITEMS = 32;

  /** Maximum number of breakers in one policy. */
  public static final int BREAKERS_MAX_ITEMS = 64;

  private ApiPatterns() {}
}
