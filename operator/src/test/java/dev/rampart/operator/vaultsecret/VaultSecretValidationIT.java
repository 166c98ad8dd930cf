package dev.rampart.operator.vaultsecret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.TestCluster;
import dev.rampart.operator.testing.TestCluster.KubectlResult;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad VaultSecrets are refused by the real API server with a message a person understands. */
class VaultSecretValidationIT {

  private static final String DESTINATION = "  destination: {name: app-db}\n";

  private static String kv(String path) {
    return "  source: {kv: {path: '" + path + "'}}\n";
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("no source", DESTINATION, "spec.source: Required value"),
        Arguments.of("no destination", kv("db"), "spec.destination: Required value"),
        Arguments.of("absolute path", kv("/tenants/b/db") + DESTINATION, "must not start with /"),
        Arguments.of(
            "dot-dot segment", kv("../b/db") + DESTINATION, "must not contain '.' or '..'"),
        Arguments.of(
            "dot-dot in the middle", kv("a/../../b/db") + DESTINATION, "cannot leave the tenant"),
        Arguments.of(
            "characters outside the set",
            kv("db creds?") + DESTINATION,
            "may contain only letters, digits"),
        Arguments.of("trailing slash", kv("db/") + DESTINATION, "no trailing '/'"),
        Arguments.of("empty path", kv("") + DESTINATION, "spec.source.kv.path"),
        Arguments.of(
            "version zero",
            "  source: {kv: {path: db, version: 0}}\n" + DESTINATION,
            "spec.source.kv.version"),
        Arguments.of(
            "destination not a DNS subdomain",
            kv("db") + "  destination: {name: App_DB}\n",
            "destination.name must be a DNS subdomain"),
        Arguments.of(
            "refresh below 5s",
            kv("db") + DESTINATION + "  refreshInterval: 2s\n",
            "refreshInterval must be at least 5s"),
        Arguments.of(
            "refresh not a duration",
            kv("db") + DESTINATION + "  refreshInterval: soon\n",
            "refreshInterval must be a duration"),
        Arguments.of(
            "unknown workload kind",
            kv("db") + DESTINATION + "  rolloutRestartTargets: [{kind: Pod, name: web}]\n",
            "supported values: \"DaemonSet\", \"Deployment\", \"StatefulSet\""),
        Arguments.of(
            "too many restart targets",
            kv("db")
                + DESTINATION
                + "  rolloutRestartTargets: ["
                + String.join(
                    ", ", java.util.Collections.nCopies(17, "{kind: Deployment, name: web}"))
                + "]\n",
            "must have at most 16 items"),
        Arguments.of(
            "bad secret key",
            kv("db") + "  destination: {name: app-db, keys: {password: 'pass word'}}\n",
            "each Secret key in destination.keys"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void rejectsWithAReadableMessage(String why, String spec, String expected) {
    KubectlResult result = apply(spec);
    assertThat(result.exitCode()).as("kubectl accepted: %s", why).isNotZero();
    assertThat(result.output()).contains(expected);
  }

  static Stream<Arguments> validSpecs() {
    return Stream.of(
        Arguments.of("minimal", kv("db") + DESTINATION),
        Arguments.of(
            "everything",
            "  source: {kv: {path: team-a/db.main_v2/creds, version: 3}}\n"
                + "  destination:\n"
                + "    name: app-db.creds\n"
                + "    type: kubernetes.io/basic-auth\n"
                + "    labels: {app: web}\n"
                + "    keys: {user: username, pass: password}\n"
                + "  refreshInterval: 1m30s\n"
                + "  rolloutRestartTargets: [{kind: Deployment, name: web},"
                + " {kind: StatefulSet, name: db}, {kind: DaemonSet, name: agent}]\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void acceptsValidSpecs(String why, String spec) {
    KubectlResult result = apply(spec);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private static KubectlResult apply(String spec) {
    String yaml =
        "apiVersion: rampart.dev/v1alpha1\nkind: VaultSecret\nmetadata:\n  name: v\n"
            + "  namespace: default\nspec:\n"
            + spec;
    return TestCluster.kubectl(yaml, "apply", "--server-side", "--dry-run=server", "-f", "-");
  }
}
