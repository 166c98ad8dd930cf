package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed CRDs (crds/ and the chart's copy) are exactly what the Java classes generate. */
class CrdFilesTest {

  private static final String HOW_TO_FIX = "run scripts/update-crds.sh and commit the result";

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    Path root = TestCluster.repoRoot();
    List<Path> generated;
    try (Stream<Path> files = Files.list(Path.of("target/classes/META-INF/fabric8"))) {
      generated = files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList();
    }
    assertThat(generated).isNotEmpty();
    for (Path copyDir : List.of(root.resolve("crds"), root.resolve("helm/rampart/crds"))) {
      try (Stream<Path> files = Files.list(copyDir)) {
        assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
            .as("CRD files in %s; %s", copyDir, HOW_TO_FIX)
            .isEqualTo(generated.stream().map(CrdFilesTest::committedName).toList());
      }
      for (Path file : generated) {
        assertThat(Files.readString(copyDir.resolve(committedName(file))))
            .as("%s is out of date; %s", copyDir.resolve(committedName(file)), HOW_TO_FIX)
            .isEqualTo(Files.readString(file));
      }
    }
  }

  @Test
  void everyFieldHasADescriptionForKubectlExplain() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target/classes/META-INF/fabric8"))) {
      for (Path file : files.filter(f -> f.toString().endsWith("-v1.yml")).toList()) {
        CustomResourceDefinition crd =
            Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
        for (var version : crd.getSpec().getVersions()) {
          List<String> undescribed = new ArrayList<>();
          collectUndescribed(version.getSchema().getOpenAPIV3Schema(), "", undescribed);
          assertThat(undescribed).as("fields without a description in %s", file).isEmpty();
        }
      }
    }
  }

  private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> out) {
    schema
        .getProperties()
        .forEach(
            (name, child) -> {
              if (child.getDescription() == null || child.getDescription().isBlank()) {
                out.add(path + "." + name);
              }
              collectUndescribed(child, path + "." + name, out);
            });
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndescribed(schema.getItems().getSchema(), path + "[]", out);
    }
  }

  private static String committedName(Path generated) {
    return generated.getFileName().toString().replace("-v1.yml", ".yaml");
  }
}
