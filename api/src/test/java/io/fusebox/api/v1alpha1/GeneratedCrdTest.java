package io.fusebox.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when the checked-in CRD under {@code crd/} differs from the one the fabric8
 * generator wrote from the Java model. With {@code -Dfusebox.crd.update=true} it copies the
 * generated file into {@code crd/} instead.
 */
class GeneratedCrdTest {

  private static final String FILE_NAME = CircuitBreakerPolicy.CRD_NAME + "-v1.yml";
  private static final String REFRESH_COMMAND =
      "./mvnw -pl api test -Dtest=GeneratedCrdTest -Dfusebox.crd.update=true";

  @Test
  void checkedInCrdMatchesGenerated() throws IOException {
    Path generated = Paths.get("target", "classes", "META-INF", "fabric8", FILE_NAME);
    Path checkedIn =
        Paths.get(System.getProperty("fusebox.crd.checkedIn", "../crd")).resolve(FILE_NAME);
    assertThat(generated)
        .as("the crd-generator-maven-plugin output; run ./mvnw -pl api process-classes")
        .exists();

    if (Boolean.getBoolean("fusebox.crd.update")) {
      Files.createDirectories(checkedIn.getParent());
      Files.copy(generated, checkedIn, StandardCopyOption.REPLACE_EXISTING);
    }

    assertThat(checkedIn).as("checked-in CRD; create it with: %s", REFRESH_COMMAND).exists();
    String expected = Files.readString(generated, StandardCharsets.UTF_8);
    String actual = Files.readString(checkedIn, StandardCharsets.UTF_8);
    assertThat(actual)
        .as(
            "%s is stale: the Java model in api/ changed. Refresh it with: %s",
            checkedIn.normalize(), REFRESH_COMMAND)
        .isEqualTo(expected);
  }
}
