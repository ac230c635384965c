package io.fusebox.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reader of the lines appended to an audit log since the last call, so that a check polled every
 * few hundred milliseconds does not parse the whole file each time.
 */
final class AuditTail {

  private final Path log;
  private final ObjectMapper mapper = new ObjectMapper();
  private long offset;
  private boolean forbiddenSeen;

  AuditTail(Path log) {
    this.log = log;
  }

  /** Returns whether a request of {@code username} got 403 in the log so far. */
  synchronized boolean hasForbidden(String username) throws IOException {
    if (forbiddenSeen || !Files.exists(log)) {
      return forbiddenSeen;
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      if (length <= offset) {
        return false;
      }
      byte[] bytes = new byte[(int) (length - offset)];
      file.seek(offset);
      file.readFully(bytes);
      int end = lastNewline(bytes);
      offset += end + 1;
      String text = new String(bytes, 0, end + 1, StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.contains("\"code\":403") && line.contains(username)) {
          JsonNode event = mapper.readTree(line);
          if (AuditLog.statusOf(event) == 403
              && event.path("user").path("username").asText().equals(username)) {
            forbiddenSeen = true;
          }
        }
      }
    }
    return forbiddenSeen;
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
