package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static String committedName(Path generated) {
    return generated.getFileName().toString().replace("-v1.yml", ".yaml");
  }
}
