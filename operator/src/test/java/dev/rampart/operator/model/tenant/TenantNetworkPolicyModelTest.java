package dev.rampart.operator.model.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.EgressRule;
import dev.rampart.operator.api.tenant.IngressRule;
import dev.rampart.operator.api.tenant.Network;
import dev.rampart.operator.api.tenant.PortRule;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.testing.Tenants;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantNetworkPolicyModelTest {

  private static Tenant tenant(Network network) {
    Tenant tenant = Tenants.owned("acme", "alice");
    tenant.getMetadata().setUid("uid-1");
    tenant.getSpec().setNamespaces(List.of("acme", "acme-data"));
    tenant.getSpec().setNetwork(network);
    return tenant;
  }

  /** The policies of namespace acme, the tenant owning every namespace it declares. */
  private static List<NetworkPolicy> policies(Tenant tenant) {
    return TenantNetworkPolicyModel.desired(tenant, tenant.namespaceNames(), "acme");
  }

  private static NetworkPolicy named(List<NetworkPolicy> policies, String name) {
    return policies.stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void withoutDeclaredAllowancesThereIsNoAllowDeclaredPolicy() {
    List<NetworkPolicy> policies = policies(tenant(null));
    assertThat(policies)
        .extracting(p -> p.getMetadata().getName())
        .containsExactly(
            TenantNetworkPolicyModel.DEFAULT_DENY,
            TenantNetworkPolicyModel.ALLOW_SAME_TENANT,
            TenantNetworkPolicyModel.ALLOW_DNS);
    assertThat(policies)
        .allSatisfy(
            p -> {
              assertThat(p.getMetadata().getNamespace()).isEqualTo("acme");
              assertThat(p.getMetadata().getLabels()).containsEntry("rampart.dev/tenant", "acme");
              assertThat(p.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
            });
  }

  @Test
  void sameTenantTrafficIsSelectedByImmutableNamespaceNames() {
    NetworkPolicy same = named(policies(tenant(null)), TenantNetworkPolicyModel.ALLOW_SAME_TENANT);
    var selector = same.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector();
    assertThat(selector.getMatchLabels()).isNullOrEmpty();
    assertThat(selector.getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
              assertThat(e.getValues()).containsExactly("acme", "acme-data");
            });
    assertThat(same.getSpec().getEgress().get(0).getTo().get(0).getNamespaceSelector())
        .isEqualTo(selector);
  }

  @Test
  void aDeclaredNamespaceTheTenantDoesNotOwnIsNotReachable() {
    NetworkPolicy same =
        named(
            TenantNetworkPolicyModel.desired(tenant(null), List.of("acme"), "acme"),
            TenantNetworkPolicyModel.ALLOW_SAME_TENANT);
    assertThat(same.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector())
        .satisfies(
            selector ->
                assertThat(selector.getMatchExpressions().get(0).getValues())
                    .containsExactly("acme"));
    assertThat(same.getSpec().getEgress().get(0).getTo().get(0).getNamespaceSelector())
        .isEqualTo(same.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector());
  }

  @Test
  void declaredEgressAndIngressBecomeOnePolicyWithOnlyThoseDirections() {
    Network egressOnly = new Network();
    egressOnly.setEgress(
        List.of(new EgressRule("10.0.0.0/8", List.of(new PortRule(443, PortRule.Protocol.TCP)))));
    NetworkPolicy declared =
        named(policies(tenant(egressOnly)), TenantNetworkPolicyModel.ALLOW_DECLARED);
    assertThat(declared.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(declared.getSpec().getIngress()).isEmpty();
    assertThat(declared.getSpec().getEgress().get(0).getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(new IntOrString(443));
              assertThat(p.getProtocol()).isEqualTo("TCP");
            });

    Network both = new Network();
    both.setEgress(egressOnly.getEgress());
    both.setIngress(List.of(new IngressRule(Map.of("team", "edge"), null)));
    NetworkPolicy two = named(policies(tenant(both)), TenantNetworkPolicyModel.ALLOW_DECLARED);
    assertThat(two.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(two.getSpec().getIngress().get(0).getPorts()).isEmpty();
  }
}
