package dev.rampart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.localcp.Servers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart test} with the pinned, real opa, on the repository's examples and on failures. */
class RampartTestIT {

  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static final Path FAILING = Path.of("src/test/resources/failing").toAbsolutePath();

  /** What a run printed and how it ended. */
  record Run(int exit, String out, String err) {}

  static Run rampart(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, String> withOpa() {
    return Map.of("RAMPART_OPA", Servers.fromCache().opa().toString());
  }

  @Test
  void theExampleRolesPassWithTheirTenant() {
    Run run =
        rampart(
            withOpa(),
            "test",
            EXAMPLES.resolve("tenants").toString(),
            EXAMPLES.resolve("tenantroles").toString());
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Main.OK);
    assertThat(run.out())
        .startsWith("ok   tenant globex: 3 TenantRole(s), 8 test(s) hold in OPA and Cedar");
  }

  @Test
  void everyFailingCaseAndInvalidRoleIsPrintedAndTheExitIsOne() {
    Run run = rampart(withOpa(), "test", FAILING.toString());
    assertThat(run.exit()).isEqualTo(Main.FAILED);
    assertThat(run.out())
        .contains(
            "FAIL tenant initech: 2 TenantRole(s)",
            "invalid TenantRole initech/viewer: test names-a-role-nobody-defines names role"
                + " approver, which no TenantRole of tenant initech defines");
  }

  @Test
  void aTestThatFailsInTheEnginesNamesTheCaseAndTheEngines(@TempDir Path dir) throws Exception {
    // The failing viewer without its dangling test: valid, but its own test fails.
    String viewer =
        Files.readString(FAILING.resolve("viewer-exports.yaml"))
            .replaceAll("(?s)    - name: names-a-role-nobody-defines.*?---\n", "---\n");
    Path file = Files.writeString(dir.resolve("viewer.yaml"), viewer);
    Run run = rampart(withOpa(), "test", file.toString());
    assertThat(run.exit()).isEqualTo(Main.FAILED);
    assertThat(run.out())
        .contains(
            "  test viewer-cannot-export-pii (a viewer cannot export PII) of TenantRole"
                + " initech/viewer expects deny, but OPA and Cedar allowed it");
  }

  @Test
  void badInputIsAUsageErrorThatSaysWhat(@TempDir Path dir) throws Exception {
    assertThat(rampart(withOpa(), "test").err()).contains("rampart: no FILE given");
    assertThat(rampart(withOpa(), "frobnicate", "x").exit()).isEqualTo(Main.USAGE);
    assertThat(rampart(Map.of("PATH", dir.toString()), "test", FAILING.toString()).err())
        .contains("no opa found: pass --opa=PATH or set RAMPART_OPA");
    assertThat(rampart(withOpa(), "test", "--data-classification=secret", "x.yaml").err())
        .contains("--data-classification=secret: must be public, internal, confidential or");
    Path noNamespace =
        Files.writeString(
            dir.resolve("role.yaml"),
            """
            apiVersion: rampart.dev/v1alpha1
            kind: TenantRole
            metadata: {name: viewer}
            spec: {permissions: [{resource: invoice, actions: [read]}]}
            """);
    Run run = rampart(withOpa(), "test", noNamespace.toString());
    assertThat(run.exit()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("(document 1): TenantRole viewer has no metadata.namespace");
    List<String> missing = new ArrayList<>(List.of("test", dir.resolve("absent.yaml").toString()));
    assertThat(rampart(withOpa(), missing.toArray(String[]::new)).err())
        .contains("absent.yaml: no such file or directory");
  }
}
