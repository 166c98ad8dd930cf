package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.tenant.EgressRule;
import dev.rampart.operator.api.tenant.IngressRule;
import dev.rampart.operator.api.tenant.Network;
import dev.rampart.operator.api.tenant.PortRule;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The network boundary of a tenant namespace. Policies are additive, so the boundary is one
 * default-deny policy plus one policy per kind of allowance; nothing else is ever allowed.
 */
public final class TenantNetworkPolicyModel {

  public static final String DEFAULT_DENY = "rampart-default-deny";
  public static final String ALLOW_SAME_TENANT = "rampart-allow-same-tenant";
  public static final String ALLOW_DNS = "rampart-allow-dns";
  public static final String ALLOW_DECLARED = "rampart-allow-declared";

  private static final List<String> BOTH_DIRECTIONS = List.of("Ingress", "Egress");

  private TenantNetworkPolicyModel() {}

  /**
   * @param owned the namespaces the tenant owns: the only ones its pods may reach and be reached
   *     from (a declared namespace someone else holds is not among them)
   */
  public static List<NetworkPolicy> desired(Tenant tenant, List<String> owned, String namespace) {
    List<NetworkPolicy> policies = new ArrayList<>();
    policies.add(policy(tenant, namespace, DEFAULT_DENY, BOTH_DIRECTIONS, List.of(), List.of()));

    LabelSelector tenantNamespaces =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey(Labels.NAMESPACE_NAME)
            .withOperator("In")
            .withValues(owned)
            .endMatchExpression()
            .build();
    var sameTenant = new NetworkPolicyPeerBuilder().withNamespaceSelector(tenantNamespaces).build();
    policies.add(
        policy(
            tenant,
            namespace,
            ALLOW_SAME_TENANT,
            BOTH_DIRECTIONS,
            List.of(new NetworkPolicyIngressRuleBuilder().withFrom(sameTenant).build()),
            List.of(new NetworkPolicyEgressRuleBuilder().withTo(sameTenant).build())));

    policies.add(
        policy(
            tenant,
            namespace,
            ALLOW_DNS,
            List.of("Egress"),
            List.of(),
            List.of(
                new NetworkPolicyEgressRuleBuilder()
                    .addNewTo()
                    .withNewNamespaceSelector()
                    .withMatchLabels(Map.of(Labels.NAMESPACE_NAME, "kube-system"))
                    .endNamespaceSelector()
                    .withNewPodSelector()
                    .withMatchLabels(Map.of("k8s-app", "kube-dns"))
                    .endPodSelector()
                    .endTo()
                    .withPorts(port(53, "UDP"), port(53, "TCP"))
                    .build())));

    Network network = tenant.getSpec().getNetwork();
    if (network != null && (!network.getEgress().isEmpty() || !network.getIngress().isEmpty())) {
      List<String> types = new ArrayList<>();
      if (!network.getIngress().isEmpty()) {
        types.add("Ingress");
      }
      if (!network.getEgress().isEmpty()) {
        types.add("Egress");
      }
      policies.add(
          policy(
              tenant,
              namespace,
              ALLOW_DECLARED,
              types,
              network.getIngress().stream().map(TenantNetworkPolicyModel::ingress).toList(),
              network.getEgress().stream().map(TenantNetworkPolicyModel::egress).toList()));
    }
    return policies;
  }

  private static NetworkPolicyIngressRule ingress(IngressRule rule) {
    return new NetworkPolicyIngressRuleBuilder()
        .addNewFrom()
        .withNewNamespaceSelector()
        .withMatchLabels(rule.getNamespaceLabels())
        .endNamespaceSelector()
        .endFrom()
        .withPorts(ports(rule.getPorts()))
        .build();
  }

  private static NetworkPolicyEgressRule egress(EgressRule rule) {
    return new NetworkPolicyEgressRuleBuilder()
        .addNewTo()
        .withNewIpBlock()
        .withCidr(rule.getCidr())
        .withExcept(rule.getExcept())
        .endIpBlock()
        .endTo()
        .withPorts(ports(rule.getPorts()))
        .build();
  }

  private static List<NetworkPolicyPort> ports(List<PortRule> rules) {
    if (rules == null) {
      return List.of();
    }
    return rules.stream().map(p -> port(p.getPort(), p.getProtocol().name())).toList();
  }

  private static NetworkPolicyPort port(int number, String protocol) {
    return new NetworkPolicyPortBuilder()
        .withPort(new IntOrString(number))
        .withProtocol(protocol)
        .build();
  }

  private static NetworkPolicy policy(
      Tenant tenant,
      String namespace,
      String name,
      List<String> types,
      List<NetworkPolicyIngressRule> ingress,
      List<NetworkPolicyEgressRule> egress) {
    return new NetworkPolicyBuilder()
        .withMetadata(TenantMetadata.of(tenant, name, namespace))
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes(types)
        .withIngress(ingress)
        .withEgress(egress)
        .endSpec()
        .build();
  }
}
