package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example a person may copy is accepted by the real API server (server-side dry run). */
class ExamplesIT {

  @BeforeAll
  static void cluster() {
    TestCluster.admin();
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(TestCluster.repoRoot().resolve("examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void isAcceptedByTheApiServer(Path example) {
    var result =
        TestCluster.kubectl(
            null, "apply", "--server-side", "--dry-run=server", "-f", example.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
