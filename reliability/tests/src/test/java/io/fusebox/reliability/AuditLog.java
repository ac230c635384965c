package io.fusebox.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The kube-apiserver audit log backend's file: one JSON event per line. */
final class AuditLog {

  /** An audit policy that records the metadata of every request at the ResponseComplete stage. */
  static final String METADATA_POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived]
      rules:
      - level: Metadata
      """;

  private AuditLog() {}

  /** Returns the kube-apiserver flags that write {@code log} with {@code policy}. */
  static List<String> flags(Path log, Path policy) {
    return List.of(
        "--audit-log-path=" + log.toAbsolutePath(),
        "--audit-policy-file=" + policy.toAbsolutePath(),
        "--audit-log-mode=blocking");
  }

  /** Returns the events of {@code log} whose user is {@code username}. */
  static List<JsonNode> eventsOf(Path log, String username) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      JsonNode event = mapper.readTree(line);
      if (event.path("user").path("username").asText().equals(username)) {
        events.add(event);
      }
    }
    return events;
  }

  /** Returns {@code group/resource[/subresource]: verb} of an event; core group is empty. */
  static String permissionOf(JsonNode event) {
    JsonNode ref = event.path("objectRef");
    String resource = ref.path("apiGroup").asText("") + "/" + ref.path("resource").asText("");
    if (ref.hasNonNull("subresource")) {
      resource += "/" + ref.path("subresource").asText();
    }
    return resource + ": " + event.path("verb").asText();
  }

  static int statusOf(JsonNode event) {
    return event.path("responseStatus").path("code").asInt(0);
  }
}
