package dev.rampart.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import dev.rampart.operator.testing.TestCluster.KubectlResult;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad Tenants are refused by the real API server (schema and CEL rules in the CRD) with a message a
 * person understands; kubectl is the client, as for a person applying YAML.
 */
class TenantValidationIT {

  private static final String OWNERS = "  owners: [{kind: User, name: alice}]\n";

  static Stream<Arguments> invalidTenants() {
    return Stream.of(
        Arguments.of("tenant name not a DNS label", "Bad.Name", OWNERS, "must be a DNS label"),
        Arguments.of("no owners", "t", "  owners: []\n", "spec.owners"),
        Arguments.of("owners missing", "t", "  namespaces: [a]\n", "spec.owners: Required value"),
        Arguments.of(
            "unknown owner kind", "t", "  owners: [{kind: Robot, name: r2}]\n", "supported values"),
        Arguments.of(
            "service account owner without namespace",
            "t",
            "  owners: [{kind: ServiceAccount, name: ci}]\n",
            "namespace is required for a ServiceAccount owner"),
        Arguments.of(
            "user owner with namespace",
            "t",
            "  owners: [{kind: User, name: alice, namespace: x}]\n",
            "not allowed for a User or Group"),
        Arguments.of(
            "namespace name with capitals",
            "t",
            OWNERS + "  namespaces: [Billing]\n",
            "spec.namespaces[0]"),
        Arguments.of(
            "namespace name too long",
            "t",
            OWNERS + "  namespaces: [" + "a".repeat(64) + "]\n",
            "may not be more than 63"),
        Arguments.of(
            "repeated namespace",
            "t",
            OWNERS + "  namespaces: [a, a]\n",
            "namespaces must not repeat"),
        Arguments.of(
            "system namespace",
            "t",
            OWNERS + "  namespaces: [kube-system]\n",
            "cannot own default, kube-system"),
        Arguments.of(
            "kube-* tenant without namespaces would own a system namespace",
            "kube-foo",
            OWNERS,
            "a Tenant named default, kube-system, kube-public or kube-* must list spec.namespaces"),
        Arguments.of(
            "default tenant with an empty namespace list",
            "default",
            OWNERS + "  namespaces: []\n",
            "its default namespace, named after it, would be a system namespace"),
        Arguments.of(
            "kube-system tenant without namespaces",
            "kube-system",
            OWNERS,
            "must list spec.namespaces"),
        Arguments.of(
            "bad quota quantity",
            "t",
            OWNERS + "  quota: {hard: {requests.cpu: lots}}\n",
            "must be a Kubernetes quantity"),
        Arguments.of(
            "negative quota",
            "t",
            OWNERS + "  quota: {hard: {pods: '-1'}}\n",
            "quota values must not be negative"),
        Arguments.of(
            "bad limit quantity",
            "t",
            OWNERS + "  limits: {default: {memory: big}}\n",
            "memory must be a positive quantity"),
        Arguments.of(
            "default request above default limit",
            "t",
            OWNERS + "  limits: {defaultRequest: {cpu: '2'}, default: {cpu: 500m}}\n",
            "defaultRequest.cpu must not exceed limits.default.cpu"),
        Arguments.of(
            "default limit above max",
            "t",
            OWNERS + "  limits: {default: {memory: 2Gi}, max: {memory: 1Gi}}\n",
            "limits.default.memory must not exceed limits.max.memory"),
        Arguments.of(
            "bad CIDR",
            "t",
            OWNERS + "  network: {egress: [{cidr: 10.0.0.0/33, ports: [{port: 443}]}]}\n",
            "cidr must be an IPv4 or IPv6 CIDR"),
        Arguments.of(
            "egress without ports",
            "t",
            OWNERS + "  network: {egress: [{cidr: 10.0.0.0/8, ports: []}]}\n",
            "spec.network.egress[0].ports"),
        Arguments.of(
            "port out of range",
            "t",
            OWNERS + "  network: {egress: [{cidr: 10.0.0.0/8, ports: [{port: 70000}]}]}\n",
            "less than or equal to 65535"),
        Arguments.of(
            "bad except",
            "t",
            OWNERS
                + "  network: {egress: [{cidr: 10.0.0.0/8, except: [nope], ports: [{port: 1}]}]}\n",
            "each except entry must be a CIDR"),
        Arguments.of(
            "empty ingress selector would admit every namespace",
            "t",
            OWNERS + "  network: {ingress: [{namespaceLabels: {}}]}\n",
            "spec.network.ingress[0].namespaceLabels"),
        Arguments.of(
            "unknown classification",
            "t",
            OWNERS + "  dataClassification: secret\n",
            "supported values: \"confidential\", \"internal\", \"public\", \"restricted\""),
        Arguments.of(
            "bad region",
            "t",
            OWNERS + "  dataResidency: {region: EU West}\n",
            "spec.dataResidency.region"),
        Arguments.of(
            "unknown field",
            "t",
            OWNERS + "  namespace: typo\n",
            ".spec.namespace: field not declared in schema"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTenants")
  void rejectsWithAReadableMessage(String why, String name, String spec, String expected) {
    KubectlResult result = apply(name, spec);
    assertThat(result.exitCode()).as("kubectl accepted: %s", why).isNotZero();
    assertThat(result.output()).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validTenants")
  void acceptsValidSpecs(String why, String name, String spec) {
    KubectlResult result = apply(name, spec);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  static Stream<Arguments> validTenants() {
    return Stream.of(
        Arguments.of("minimal", "valid", OWNERS),
        Arguments.of(
            "named like a system namespace, with namespaces of its own",
            "kube-foo",
            OWNERS + "  namespaces: [foo]\n"),
        Arguments.of(
            "everything",
            "valid",
            OWNERS
                + "  namespaces: [shop, shop-data]\n"
                + "  quota: {hard: {requests.cpu: '4', limits.memory: 8Gi, pods: '50'}}\n"
                + "  limits: {defaultRequest: {cpu: 100m, memory: 128Mi},"
                + " default: {cpu: 500m, memory: 512Mi}, max: {cpu: '2', memory: 2Gi}}\n"
                + "  network:\n"
                + "    egress: [{cidr: 10.20.0.0/16, except: [10.20.5.0/24],"
                + " ports: [{port: 5432}, {port: 53, protocol: UDP}]}]\n"
                + "    ingress: [{namespaceLabels: {kubernetes.io/metadata.name: ingress-nginx},"
                + " ports: [{port: 8080}]}]\n"
                + "  dataResidency: {region: eu-west-1}\n"
                + "  dataClassification: confidential\n"
                + "  preventDeletion: true\n"));
  }

  /** A Tenant that may keep a reserved name only as long as it lists namespaces of its own. */
  @Test
  void aReservedNameCannotDropItsNamespacesLater() {
    String name = Tenants.uniqueName("kube");
    String namespaces = OWNERS + "  namespaces: [app-" + name + "]\n";
    KubectlResult created = kubectlApply(name, namespaces);
    try {
      assertThat(created.exitCode()).as(created.output()).isZero();
      KubectlResult dropped = apply(name, OWNERS);
      assertThat(dropped.exitCode()).as("kubectl accepted dropping the namespaces").isNotZero();
      assertThat(dropped.output()).contains("must list spec.namespaces");
    } finally {
      TestCluster.kubectl(null, "delete", "tenant", name, "--wait=false");
    }
  }

  /** A server-side dry run: what the API server would say, without creating anything. */
  private static KubectlResult apply(String name, String spec) {
    return kubectlApply(name, spec, "--dry-run=server");
  }

  private static KubectlResult kubectlApply(String name, String spec, String... options) {
    String yaml =
        "apiVersion: rampart.dev/v1alpha1\nkind: Tenant\nmetadata:\n  name: "
            + name
            + "\nspec:\n"
            + spec;
    List<String> args = new ArrayList<>(List.of("apply", "--server-side", "-f", "-"));
    args.addAll(List.of(options));
    return TestCluster.kubectl(yaml, args.toArray(String[]::new));
  }
}
