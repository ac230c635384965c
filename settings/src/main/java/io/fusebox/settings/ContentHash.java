package io.fusebox.settings;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The content hash of a settings file: the first 16 hex digits of the SHA-256 of its bytes. */
public final class ContentHash {
  private ContentHash() {}

  /** Returns the first 16 lower-case hexadecimal digits of the SHA-256 of {@code content}. */
  public static String of(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
