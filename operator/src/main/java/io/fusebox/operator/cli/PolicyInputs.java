package io.fusebox.operator.cli;

import static io.fusebox.operator.desired.EchoedValues.quote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fusebox.api.v1alpha1.CircuitBreakerPolicy;
import io.fusebox.operator.desired.DesiredState;
import io.fusebox.operator.desired.Finding;
import io.fusebox.operator.desired.ObservedTarget;
import io.fusebox.operator.desired.PolicyRenderer;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads policies from files and directories and checks them the way admission and the operator do:
 * the YAML, the CRD's OpenAPI schema, then the Java validation and rendering of the desired-state
 * builders. {@code render} and {@code validate} share it.
 */
final class PolicyInputs {

  private static final String API_VERSION =
      CircuitBreakerPolicy.GROUP + "/" + CircuitBreakerPolicy.VERSION;

  /** A policy document that passed every check, with what it renders to. */
  record Checked(YamlDocument document, CircuitBreakerPolicy policy, DesiredState state) {}

  /** Everything read: the valid policies, and messages of the form {@code file:line: text}. */
  record Outcome(List<Checked> policies, List<String> errors, List<String> warnings) {}

  private final SchemaValidator schema = SchemaValidator.fromClasspath();
  private final ObjectMapper mapper = Serialization.jsonMapper();
  private final String defaultNamespace;
  private final ObservedTarget target;
  private DuplicatePolicies duplicates;

  /**
   * @param defaultNamespace namespace for documents that name none
   * @param target observed target to render against, or {@code null} when unknown
   */
  PolicyInputs(String defaultNamespace, ObservedTarget target) {
    this.defaultNamespace = defaultNamespace;
    this.target = target;
  }

  /**
   * Returns the YAML files under {@code paths}: a file as given, and a directory's {@code .yaml}
   * and {@code .yml} files at any depth, sorted by path.
   *
   * @throws IOException when a path does not exist or cannot be listed
   */
  static List<Path> files(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile)
              .filter(PolicyInputs::isYaml)
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new NoSuchFileException(path.toString());
      }
    }
    return files;
  }

  private static boolean isYaml(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /** Reads and checks every policy in {@code files}. */
  Outcome check(List<Path> files) throws IOException {
    return check(files, files);
  }

  /**
   * Reads and checks every policy in {@code files}, the YAML files found under {@code inputs}; an
   * input without any YAML file is named in the error.
   */
  Outcome check(List<Path> files, List<Path> inputs) throws IOException {
    duplicates = new DuplicatePolicies(defaultNamespace);
    List<Checked> policies = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Path file : files) {
      String content;
      try {
        content = Files.readString(file, StandardCharsets.UTF_8);
      } catch (CharacterCodingException e) {
        errors.add(file + ":1: file is not valid UTF-8 text; save it as UTF-8");
        continue;
      }
      List<YamlDocument> documents;
      try {
        documents = YamlDocuments.read(file, content);
      } catch (YamlDocuments.InvalidYamlException e) {
        errors.add(file + ":" + e.line + ": " + e.getMessage());
        continue;
      }
      for (YamlDocument document : documents) {
        checkDocument(document, policies, errors, warnings);
      }
    }
    errors.addAll(duplicates.errors());
    if (policies.isEmpty() && errors.isEmpty()) {
      // A wrong path or an emptied file must not pass a CI gate as "nothing wrong".
      String where;
      if (files.isEmpty()) {
        where =
            inputs.stream().map(Path::toString).collect(Collectors.joining(", "))
                + " (no .yaml or .yml file)";
      } else {
        where = files.size() == 1 ? files.get(0).toString() : files.size() + " files";
      }
      errors.add(
          where
              + ": no CircuitBreakerPolicy found; check the path, and that each policy document"
              + " has apiVersion "
              + API_VERSION
              + " and kind "
              + CircuitBreakerPolicy.KIND);
    }
    return new Outcome(policies, errors, warnings);
  }

  private void checkDocument(
      YamlDocument document, List<Checked> policies, List<String> errors, List<String> warnings) {
    String apiVersion = document.tree().path("apiVersion").asText("");
    String kind = document.tree().path("kind").asText("");
    if (!apiVersion.startsWith(CircuitBreakerPolicy.GROUP + "/")
        && !kind.equals(CircuitBreakerPolicy.KIND)) {
      return;
    }
    if (!apiVersion.equals(API_VERSION) || !kind.equals(CircuitBreakerPolicy.KIND)) {
      errors.add(
          document.locate("apiVersion")
              + ": unsupported object (apiVersion "
              + quote(apiVersion)
              + ", kind "
              + quote(kind)
              + "); use apiVersion "
              + API_VERSION
              + " and kind "
              + CircuitBreakerPolicy.KIND);
      return;
    }
    duplicates.add(document);
    List<SchemaValidator.Problem> schemaProblems = schema.validate(document.tree());
    if (!schemaProblems.isEmpty()) {
      for (SchemaValidator.Problem problem : schemaProblems) {
        errors.add(document.locate(problem.path()) + ": " + problem.message());
      }
      return;
    }
    CircuitBreakerPolicy policy;
    try {
      policy = mapper.treeToValue(document.tree(), CircuitBreakerPolicy.class);
    } catch (JsonProcessingException e) {
      errors.add(document.locate("spec") + ": policy could not be read: " + e.getOriginalMessage());
      return;
    }
    if (policy.getMetadata().getNamespace() == null) {
      policy.getMetadata().setNamespace(defaultNamespace);
    }
    DesiredState state = PolicyRenderer.render(policy, target);
    for (Finding problem : state.problems()) {
      errors.add(
          document.locate(problem.field()) + ": " + problem.field() + ": " + problem.message());
    }
    for (Finding warning : state.warnings()) {
      warnings.add(
          document.locate(warning.field())
              + ": warning: "
              + warning.field()
              + ": "
              + warning.message());
    }
    if (state.valid()) {
      policies.add(new Checked(document, policy, state));
    }
  }
}
