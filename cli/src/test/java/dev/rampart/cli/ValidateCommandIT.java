package dev.rampart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code rampart validate} on the repository's examples, which all hold, and on one invalid
 * manifest per problem, each reported with the message the real API server gives for it.
 */
class ValidateCommandIT {

  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static final Path INVALID = Path.of("src/test/resources/invalid").toAbsolutePath();

  private static final String NOT_CHECKED =
      "  <nil>: Invalid value: null: some validation rules were not checked because the object was"
          + " invalid; correct the existing errors to complete validation\n";

  /** What a run printed and how it ended. */
  record Run(int exit, String out, String err) {}

  static Run validate(String... files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = Stream.concat(Stream.of("validate"), Stream.of(files)).toList();
    int exit =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyExampleIsValid() {
    Run run = validate(EXAMPLES.toString());
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Main.OK);
    assertThat(run.out())
        .contains(
            "ok   " + EXAMPLES.resolve("tenants/production.yaml") + " (document 1) Tenant globex\n",
            "ok   "
                + EXAMPLES.resolve("billing/standard-webhooks.yaml")
                + " (document 1) PaymentWebhook invoices\n")
        .doesNotContain("FAIL", "warning")
        .endsWith(" resource(s): " + count(run.out(), "ok   ") + " valid, 0 invalid\n");
  }

  static Stream<Arguments> invalidManifests() {
    return Stream.of(
        Arguments.of(
            "tenantrole-unknown-action.yaml",
            "TenantRole team-a/sharer",
            "  spec.permissions[0].actions[1]: Unsupported value: \"share\": supported values:"
                + " \"approve\", \"create\", \"delete\", \"export\", \"list\", \"read\","
                + " \"update\"\n"
                + NOT_CHECKED),
        Arguments.of(
            "tenantrole-empty-conditions.yaml",
            "TenantRole team-a/viewer",
            "  spec.permissions[0].conditions: Invalid value: \"object\": conditions restrict"
                + " nothing as written: set sameDepartment, ownerOnly, regions or maxSensitivity,"
                + " or leave conditions out\n"),
        Arguments.of(
            "tenantrole-no-permissions.yaml",
            "TenantRole team-a/Viewer",
            "  metadata.name: Invalid value: \"Viewer\": a lowercase RFC 1123 subdomain must"
                + " consist of lower case alphanumeric characters, '-' or '.', and must start and"
                + " end with an alphanumeric character (e.g. 'example.com', regex used for"
                + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n"
                + "  spec.permissions: Required value\n"
                + NOT_CHECKED),
        Arguments.of(
            "tenant-duplicate-namespaces.yaml",
            "Tenant acme",
            "  spec.namespaces: Invalid value: \"array\": namespaces must not repeat\n"),
        Arguments.of(
            "tenant-serviceaccount-owner-without-namespace.yaml",
            "Tenant acme",
            "  spec.owners[0]: Invalid value: \"object\": namespace is required for a"
                + " ServiceAccount owner and not allowed for a User or Group\n"),
        Arguments.of(
            "tenant-system-name-without-namespaces.yaml",
            "Tenant kube-tools",
            "  <nil>: Invalid value: \"object\": a Tenant named default, kube-system, kube-public"
                + " or kube-* must list spec.namespaces: its default namespace, named after it,"
                + " would be a system namespace\n"),
        Arguments.of(
            "tenant-request-above-limit.yaml",
            "Tenant acme",
            "  spec.limits: Invalid value: \"object\": limits.defaultRequest.cpu must not exceed"
                + " limits.default.cpu\n"),
        Arguments.of(
            "tenant-negative-quota.yaml",
            "Tenant acme",
            "  spec.quota.hard: Invalid value: \"object\": every quota value must be a Kubernetes"
                + " quantity, such as 500m, 4Gi or 20\n"
                + "  spec.quota.hard: Invalid value: \"object\": quota values must not be"
                + " negative\n"),
        Arguments.of(
            "tenant-bad-cidr.yaml",
            "Tenant acme",
            "  spec.network.egress[0]: Invalid value: \"object\": cidr must be an IPv4 or IPv6"
                + " CIDR such as 10.20.0.0/16\n"
                + "  spec.network.egress[0].except: Invalid value: \"array\": each except entry"
                + " must be a CIDR\n"),
        Arguments.of(
            "paymentwebhook-short-idempotency-window.yaml",
            "PaymentWebhook globex-app/invoices",
            "  spec: Invalid value: \"object\": idempotencyWindowSeconds must be at least twice"
                + " toleranceSeconds: a signature is accepted from toleranceSeconds before to"
                + " toleranceSeconds after its timestamp, and a replay must be recognised for all"
                + " of that time\n"),
        Arguments.of(
            "paymentwebhook-port-out-of-range.yaml",
            "PaymentWebhook globex-app/invoices",
            "  spec.forward.port: Invalid value: 70000: spec.forward.port in body should be less"
                + " than or equal to 65535\n"),
        Arguments.of(
            "vaultsecret-two-sources.yaml",
            "VaultSecret team-a/db",
            "  spec.source: Invalid value: \"object\": source must have exactly one of kv (a KV"
                + " entry) or database (dynamic credentials)\n"),
        Arguments.of(
            "vaultsecret-short-refresh.yaml",
            "VaultSecret team-a/db",
            "  spec.source.kv.path: Invalid value: \"string\": path must not contain '.' or '..'"
                + " segments: it cannot leave the tenant's prefix\n"
                + "  spec.refreshInterval: Invalid value: \"string\": refreshInterval must be at"
                + " least 5s\n"),
        Arguments.of(
            "unknown-kind.yaml",
            "TenantPolicy acme",
            "  kind: Unsupported value: \"TenantPolicy\": supported values: \"PaymentWebhook\","
                + " \"Tenant\", \"TenantRole\", \"VaultSecret\"\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void eachProblemIsReportedAsTheApiServerWords(String file, String resource, String problems) {
    Path manifest = INVALID.resolve(file);
    Run run = validate(manifest.toString());
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Main.FAILED);
    assertThat(run.out())
        .isEqualTo(
            "FAIL "
                + manifest
                + " (document 1) "
                + resource
                + "\n"
                + problems
                + "1 resource(s): 0 valid, 1 invalid\n");
  }

  @Test
  void everyInvalidManifestHasItsCase() throws IOException {
    try (Stream<Path> files = Files.list(INVALID)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              invalidManifests().map(a -> (String) a.get()[0]).toList());
    }
  }

  @Test
  void oneInvalidResourceAmongValidOnesFailsTheRun() {
    Run run =
        validate(
            EXAMPLES.resolve("tenants").toString(),
            INVALID.resolve("tenant-bad-cidr.yaml").toString());
    assertThat(run.exit()).isEqualTo(Main.FAILED);
    assertThat(run.out())
        .contains("ok   ", "FAIL ")
        .endsWith("4 resource(s): 3 valid, 1 invalid\n");
  }

  @Test
  void anUnknownFieldIsAWarningAndTheResourceStaysValid(@TempDir Path dir) throws IOException {
    Path manifest = dir.resolve("typo.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: rampart.dev/v1alpha1
        kind: Tenant
        metadata: {name: acme}
        spec:
          owners: [{kind: Group, name: acme-admins}]
          namespace: acme
        """);
    Run run = validate(manifest.toString());
    assertThat(run.exit()).isEqualTo(Main.OK);
    assertThat(run.out())
        .isEqualTo(
            "ok   "
                + manifest
                + " (document 1) Tenant acme\n"
                + "  warning: unknown field \"spec.namespace\" (the API server drops it; kubectl's"
                + " default --validate=strict refuses it)\n"
                + "1 resource(s): 1 valid, 0 invalid\n");
  }

  @Test
  void filesWithoutRampartResourcesAreFine(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    Run run = validate(dir.toString());
    assertThat(run.exit()).isEqualTo(Main.OK);
    assertThat(run.out()).isEqualTo("no Rampart resource in " + dir + "\n");
  }

  @Test
  void withoutFilesItIsAUsageError() {
    Run run = validate();
    assertThat(run.exit()).isEqualTo(Main.USAGE);
    assertThat(run.err()).startsWith("rampart: no FILE given\n");
  }

  private static long count(String text, String what) {
    return text.lines().filter(line -> line.startsWith(what)).count();
  }
}
