package dev.rampart.operator.tenant;

import static dev.rampart.operator.testing.TestCluster.admin;
import static dev.rampart.operator.testing.TestCluster.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.api.tenant.EgressRule;
import dev.rampart.operator.api.tenant.IngressRule;
import dev.rampart.operator.api.tenant.Network;
import dev.rampart.operator.api.tenant.Owner;
import dev.rampart.operator.api.tenant.PortRule;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import dev.rampart.operator.testing.AccessReviews;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves the tenant boundary against the real RBAC authorizer: what tenant A's owners and service
 * accounts may do, and everything they may not, in B's namespaces and in their own.
 */
class TenantIsolationIT {

  private static KubernetesClient client;
  private static String a;
  private static String b;
  private static String alice;
  private static String bob;

  @BeforeAll
  static void twoTenants() {
    client = admin();
    operator();
    a = Tenants.uniqueName("iso-a");
    b = Tenants.uniqueName("iso-b");
    alice = "alice-" + a;
    bob = "bob-" + b;

    Tenant tenantA = Tenants.owned(a, alice);
    tenantA
        .getSpec()
        .setOwners(
            List.of(
                new Owner(Owner.Kind.User, alice, null),
                new Owner(Owner.Kind.ServiceAccount, "deployer", a)));
    Network network = new Network();
    network.setEgress(
        List.of(
            new EgressRule("10.20.0.0/16", List.of(new PortRule(5432, PortRule.Protocol.TCP)))));
    network.setIngress(
        List.of(
            new IngressRule(
                Map.of("kubernetes.io/metadata.name", "ingress-nginx"),
                List.of(new PortRule(8080, PortRule.Protocol.TCP)))));
    tenantA.getSpec().setNetwork(network);
    client.resource(tenantA).create();
    client.resource(Tenants.owned(b, bob)).create();
    for (String name : List.of(a, b)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Tenants.isReady(client.resources(Tenant.class).withName(name).get()));
    }
  }

  private static boolean allowed(
      String user, String verb, String group, String resource, String ns) {
    return AccessReviews.allowed(client, user, verb, group, resource, ns);
  }

  @ParameterizedTest(name = "owner may {0} {2} in own namespace")
  @CsvSource({
    "create, apps, deployments",
    "delete, apps, deployments",
    "get, '', secrets",
    "create, '', configmaps",
    "create, '', pods/exec",
    "get, networking.k8s.io, networkpolicies",
    "list, '', resourcequotas"
  })
  void ownerRunsWorkloadsInOwnNamespace(String verb, String group, String resource) {
    assertThat(allowed(alice, verb, group, resource, a)).isTrue();
    assertThat(allowed("system:serviceaccount:" + a + ":deployer", verb, group, resource, a))
        .isTrue();
  }

  @ParameterizedTest(name = "owner may not {0} {2} in own namespace")
  @CsvSource({
    "create, networking.k8s.io, networkpolicies",
    "update, networking.k8s.io, networkpolicies",
    "patch, networking.k8s.io, networkpolicies",
    "delete, networking.k8s.io, networkpolicies",
    "update, '', resourcequotas",
    "patch, '', resourcequotas",
    "delete, '', resourcequotas",
    "create, '', limitranges",
    "delete, '', limitranges",
    "create, rbac.authorization.k8s.io, rolebindings",
    "patch, rbac.authorization.k8s.io, rolebindings",
    "delete, rbac.authorization.k8s.io, rolebindings",
    "create, rbac.authorization.k8s.io, roles",
    "bind, rbac.authorization.k8s.io, clusterroles",
    "escalate, rbac.authorization.k8s.io, roles",
    "update, '', namespaces",
    "patch, '', namespaces",
    "delete, '', namespaces",
    "impersonate, '', users"
  })
  void ownerCannotWeakenIsolation(String verb, String group, String resource) {
    assertThat(allowed(alice, verb, group, resource, a)).isFalse();
    assertThat(allowed("system:serviceaccount:" + a + ":deployer", verb, group, resource, a))
        .isFalse();
  }

  @ParameterizedTest(name = "A may not {0} {2} in B")
  @CsvSource({
    "get, '', secrets",
    "list, '', secrets",
    "watch, '', secrets",
    "get, '', configmaps",
    "create, '', pods",
    "create, '', pods/exec",
    "create, apps, deployments",
    "get, '', namespaces",
    "delete, '', namespaces"
  })
  void tenantACannotReachTenantB(String verb, String group, String resource) {
    for (String subject :
        List.of(
            alice,
            "system:serviceaccount:" + a + ":deployer",
            "system:serviceaccount:" + a + ":default")) {
      assertThat(allowed(subject, verb, group, resource, b)).as(subject).isFalse();
    }
  }

  @Test
  void ownersCannotCreateNamespacesOrReadClusterWideSecrets() {
    assertThat(allowed(alice, "create", "", "namespaces", null)).isFalse();
    assertThat(allowed(alice, "list", "", "secrets", null)).isFalse();
    assertThat(allowed("system:serviceaccount:" + a + ":default", "get", "", "secrets", a))
        .isFalse();
  }

  @Test
  void impersonatedOwnerIsRefusedByTheApiServer() {
    try (KubernetesClient asAlice =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(TestCluster.controlPlane().adminConfig())
                    .withImpersonateUsername(alice)
                    .withImpersonateGroups("system:authenticated")
                    .build())
            .build()) {
      // Positive control: the owner really can work in the own namespace.
      asAlice
          .configMaps()
          .inNamespace(a)
          .resource(new ConfigMapBuilder().withNewMetadata().withName("app").endMetadata().build())
          .create();

      NetworkPolicy allowAll =
          new NetworkPolicyBuilder()
              .withNewMetadata()
              .withName("allow-all")
              .withNamespace(a)
              .endMetadata()
              .withNewSpec()
              .withPodSelector(new LabelSelector())
              .addNewIngress()
              .endIngress()
              .withPolicyTypes("Ingress")
              .endSpec()
              .build();
      assertForbidden(() -> asAlice.resource(allowAll).create());
      assertForbidden(
          () ->
              asAlice
                  .network()
                  .networkPolicies()
                  .inNamespace(a)
                  .withName(TenantNetworkPolicyModel.DEFAULT_DENY)
                  .delete());
      assertForbidden(() -> asAlice.secrets().inNamespace(b).list());
      assertForbidden(
          () ->
              asAlice
                  .namespaces()
                  .withName(a)
                  .edit(
                      ns -> {
                        ns.getMetadata()
                            .getLabels()
                            .put("pod-security.kubernetes.io/enforce", "privileged");
                        return ns;
                      }));
    }
  }

  private static void assertForbidden(Runnable action) {
    assertThatThrownBy(action::run)
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
  }

  @Test
  void networkPoliciesAllowExactlyWhatIsDeclared() {
    var policies = client.network().networkPolicies().inNamespace(a);
    NetworkPolicySpec deny =
        policies.withName(TenantNetworkPolicyModel.DEFAULT_DENY).get().getSpec();
    assertThat(deny.getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(deny.getPodSelector().getMatchExpressions()).isNullOrEmpty();
    assertThat(deny.getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(deny.getIngress()).isNullOrEmpty();
    assertThat(deny.getEgress()).isNullOrEmpty();

    NetworkPolicySpec same =
        policies.withName(TenantNetworkPolicyModel.ALLOW_SAME_TENANT).get().getSpec();
    assertThat(same.getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getPorts()).isNullOrEmpty();
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(
                      peer -> {
                        assertThat(peer.getIpBlock()).isNull();
                        assertThat(peer.getPodSelector()).isNull();
                        assertThat(peer.getNamespaceSelector().getMatchExpressions())
                            .singleElement()
                            .satisfies(
                                expr -> {
                                  assertThat(expr.getKey())
                                      .isEqualTo("kubernetes.io/metadata.name");
                                  assertThat(expr.getOperator()).isEqualTo("In");
                                  assertThat(expr.getValues()).containsExactly(a);
                                });
                      });
            });

    NetworkPolicySpec dns = policies.withName(TenantNetworkPolicyModel.ALLOW_DNS).get().getSpec();
    assertThat(dns.getPolicyTypes()).containsExactly("Egress");
    assertThat(dns.getEgress())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getPorts())
                    .extracting(p -> p.getPort())
                    .containsOnly(new IntOrString(53)));

    NetworkPolicySpec declared =
        policies.withName(TenantNetworkPolicyModel.ALLOW_DECLARED).get().getSpec();
    assertThat(declared.getEgress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getTo())
                  .singleElement()
                  .satisfies(
                      peer -> {
                        assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16");
                        assertThat(peer.getNamespaceSelector()).isNull();
                      });
              assertThat(rule.getPorts())
                  .singleElement()
                  .satisfies(
                      p -> {
                        assertThat(p.getPort()).isEqualTo(new IntOrString(5432));
                        assertThat(p.getProtocol()).isEqualTo("TCP");
                      });
            });
    assertThat(declared.getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(
                      peer ->
                          assertThat(peer.getNamespaceSelector().getMatchLabels())
                              .isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress-nginx")));
              assertThat(rule.getPorts())
                  .extracting(p -> p.getPort())
                  .containsExactly(new IntOrString(8080));
            });

    // Tenant B declared nothing: it has no allowance beyond its own namespaces and DNS.
    assertThat(client.network().networkPolicies().inNamespace(b).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(
            TenantNetworkPolicyModel.DEFAULT_DENY,
            TenantNetworkPolicyModel.ALLOW_SAME_TENANT,
            TenantNetworkPolicyModel.ALLOW_DNS);
  }
}
