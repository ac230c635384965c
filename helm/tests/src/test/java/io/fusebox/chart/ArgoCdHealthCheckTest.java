package io.fusebox.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health check in docs/argocd.md, run with LuaJ against policies in each state. Argo CD
 * runs such scripts with gopher-lua (Lua 5.1); the script uses only what both dialects share.
 */
class ArgoCdHealthCheckTest {

  private static final String KEY =
      "resource.customizations.health.fusebox.io_CircuitBreakerPolicy: |";

  @Test
  void policyWithoutStatusIsProgressing() {
    Map<String, String> health = check(Map.of("metadata", Map.of("generation", 1)));

    assertThat(health).containsEntry("status", "Progressing");
  }

  @Test
  void staleObservedGenerationIsProgressing() {
    Map<String, String> health =
        check(policy(2, 1, List.of(condition("Ready", "True", "Reconciled", "ok"))));

    assertThat(health).containsEntry("status", "Progressing");
    assertThat(health.get("message")).contains("generation 2");
  }

  @Test
  void readyTrueIsHealthy() {
    Map<String, String> health =
        check(
            policy(
                3,
                3,
                List.of(
                    condition("MonitoringReady", "False", "MonitoringCRDsMissing", "absent"),
                    condition("Ready", "True", "Reconciled", "all objects applied"))));

    assertThat(health).containsEntry("status", "Healthy");
    assertThat(health).containsEntry("message", "Reconciled: all objects applied");
  }

  @Test
  void readyFalseIsDegradedWithReason() {
    Map<String, String> health =
        check(
            policy(
                1,
                1,
                List.of(condition("Ready", "False", "TargetNotFound", "Deployment checkout"))));

    assertThat(health).containsEntry("status", "Degraded");
    assertThat(health).containsEntry("message", "TargetNotFound: Deployment checkout");
  }

  @Test
  void missingReadyConditionIsProgressing() {
    Map<String, String> health = check(policy(1, 1, List.of()));

    assertThat(health).containsEntry("status", "Progressing");
  }

  private static Map<String, Object> policy(
      long generation, long observedGeneration, List<Map<String, String>> conditions) {
    return Map.of(
        "metadata",
        Map.of("generation", generation),
        "status",
        Map.of("observedGeneration", observedGeneration, "conditions", conditions));
  }

  private static Map<String, String> condition(
      String type, String status, String reason, String message) {
    return Map.of("type", type, "status", status, "reason", reason, "message", message);
  }

  /** Runs the documented script with {@code obj} bound to {@code policy}. */
  private static Map<String, String> check(Map<String, Object> policy) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(new ObjectMapper().valueToTree(policy)));
    LuaValue result = globals.load("return (function()\n" + script() + "\nend)()").call();
    return Map.of(
        "status", result.get("status").tojstring(), "message", result.get("message").tojstring());
  }

  /** Extracts the script from docs/argocd.md: the indented block under the health key. */
  static String script() {
    List<String> lines =
        Manifests.read(ProjectFiles.root().resolve("docs/argocd.md")).lines().toList();
    StringBuilder script = new StringBuilder();
    boolean inside = false;
    for (String line : lines) {
      if (line.strip().equals(KEY)) {
        inside = true;
        continue;
      }
      if (inside && (line.startsWith("```") || !line.startsWith("    "))) {
        break;
      }
      if (inside) {
        script.append(line.substring(4)).append('\n');
      }
    }
    assertThat(script).as("health check script in docs/argocd.md").isNotEmpty();
    return script.toString();
  }

  private static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      node.fields().forEachRemaining(field -> table.set(field.getKey(), toLua(field.getValue())));
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.asLong());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }
}
