package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.model.Labels;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example a person may copy is accepted by the real API server (server-side dry run). The
 * TenantRole examples live in the production example's namespace, which a dry run of its Tenant
 * does not create: it is made here, labelled as Rampart labels a tenant's namespaces. (The GitOps
 * example is a CI pipeline, not Kubernetes objects.)
 */
class ExamplesIT {

  private static final Path EXAMPLES = TestCluster.repoRoot().resolve("examples");

  @BeforeAll
  static void cluster() {
    TestCluster.admin()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("globex-app")
                .addToLabels(Labels.TENANT, "globex")
                .endMetadata()
                .build())
        .serverSideApply();
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.startsWith(EXAMPLES.resolve("gitops")))
          .sorted()
          .toList()
          .stream();
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
