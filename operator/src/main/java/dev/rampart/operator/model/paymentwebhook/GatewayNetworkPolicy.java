package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.Forward;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.policy.PolicyDecisionPoint;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway's pods may reach and be reached by, on top of the tenant's boundary (policies
 * add up, so this opens only what the gateway needs): webhooks from anywhere, the admin port from
 * this namespace, the management port from any namespace (scraping), and egress to the forward
 * target's pods, the tenant's policy decision point (when the admin API asks it), the realm's
 * issuer port (when the admin API accepts its access tokens) and the ledger database's port. DNS is
 * the tenant's {@code rampart-allow-dns}, which every tenant namespace has.
 */
public final class GatewayNetworkPolicy {

  private static final int DEFAULT_POSTGRES_PORT = 5432;
  private static final Pattern HOSTS = Pattern.compile("^jdbc:postgresql://([^/?#]+)");
  private static final Pattern PORT = Pattern.compile(":(\\d{1,5})$");

  private GatewayNetworkPolicy() {}

  /** The pods behind the forward Service and the port they listen on (a number or a name). */
  public record ForwardPods(Map<String, String> selector, IntOrString port) {}

  /** The forward target's pods, or why the forward Service does not lead to any. */
  public record ForwardTarget(Optional<ForwardPods> pods, Optional<String> problem) {}

  /** Where the forward Service {@code service} (null when absent) sends the forwarded events. */
  public static ForwardTarget forwardTarget(PaymentWebhook webhook, Service service) {
    Forward forward = webhook.getSpec().getForward();
    String name = "Service " + forward.getService();
    if (service == null) {
      return problem(name + " not found: forwarded events cannot be delivered until it exists");
    }
    Optional<ServicePort> port =
        service.getSpec().getPorts().stream()
            .filter(p -> forward.getPort().equals(p.getPort()))
            .findFirst();
    if (port.isEmpty()) {
      return problem(name + " has no port " + forward.getPort());
    }
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return problem(name + " selects no pods: the gateway may only reach pods by selector");
    }
    IntOrString target =
        port.get().getTargetPort() != null
            ? port.get().getTargetPort()
            : new IntOrString(port.get().getPort());
    return new ForwardTarget(Optional.of(new ForwardPods(selector, target)), Optional.empty());
  }

  private static ForwardTarget problem(String message) {
    return new ForwardTarget(Optional.empty(), Optional.of(message));
  }

  static int issuerPort(String issuer) {
    java.net.URI uri = java.net.URI.create(issuer);
    return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  public static NetworkPolicy of(Gateway gateway) {
    PaymentWebhook webhook = gateway.webhook();
    List<NetworkPolicyEgressRule> egress = new ArrayList<>();
    gateway
        .forwardPods()
        .ifPresent(
            pods ->
                egress.add(
                    new NetworkPolicyEgressRuleBuilder()
                        .addNewTo()
                        .withNewPodSelector()
                        .withMatchLabels(pods.selector())
                        .endPodSelector()
                        .endTo()
                        .withPorts(port(pods.port(), "TCP"))
                        .build()));
    gateway
        .policy()
        .ifPresent(
            pdp ->
                egress.add(
                    new NetworkPolicyEgressRuleBuilder()
                        .addNewTo()
                        .withNewNamespaceSelector()
                        .addToMatchLabels(Labels.NAMESPACE_NAME, pdp.namespace())
                        .endNamespaceSelector()
                        .withNewPodSelector()
                        .withMatchLabels(PolicyDecisionPoint.podLabels(pdp.tenant()))
                        .endPodSelector()
                        .endTo()
                        .withPorts(port(new IntOrString(PolicyDecisionPoint.PORT), "TCP"))
                        .build()));
    // The realm's signing keys (JWKS), fetched from the issuer's host: its port, like the ledger.
    gateway
        .oidc()
        .ifPresent(
            oidc ->
                egress.add(
                    new NetworkPolicyEgressRuleBuilder()
                        .withPorts(port(new IntOrString(issuerPort(oidc.issuer())), "TCP"))
                        .build()));
    egress.add(
        new NetworkPolicyEgressRuleBuilder()
            .withPorts(
                databasePorts(webhook.getSpec().getLedger().getJdbcUrl()).stream()
                    .map(p -> port(new IntOrString(p), "TCP"))
                    .toList())
            .build());
    return new NetworkPolicyBuilder()
        .withMetadata(GatewayNames.metadata(webhook, GatewayNames.gateway(webhook)))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(GatewayNames.selector(webhook))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(
            new NetworkPolicyIngressRuleBuilder()
                .withPorts(port(new IntOrString(GatewayConfig.WEBHOOK_PORT), "TCP"))
                .build(),
            new NetworkPolicyIngressRuleBuilder()
                .addNewFrom()
                .withPodSelector(new LabelSelector())
                .endFrom()
                .withPorts(port(new IntOrString(GatewayConfig.ADMIN_PORT), "TCP"))
                .build(),
            new NetworkPolicyIngressRuleBuilder()
                .addNewFrom()
                .withNamespaceSelector(new LabelSelector())
                .endFrom()
                .withPorts(port(new IntOrString(GatewayConfig.MANAGEMENT_PORT), "TCP"))
                .build())
        .withEgress(egress)
        .endSpec()
        .build();
  }

  /** Every port the JDBC URL names (it may list several hosts); 5432 for a host without one. */
  public static List<Integer> databasePorts(String jdbcUrl) {
    Matcher hosts = HOSTS.matcher(jdbcUrl);
    if (!hosts.find()) {
      return List.of(DEFAULT_POSTGRES_PORT);
    }
    TreeSet<Integer> ports = new TreeSet<>();
    for (String host : hosts.group(1).split(",")) {
      Matcher port = PORT.matcher(host);
      // An IPv6 address without a port ends in ']', never in ':<digits>'.
      ports.add(port.find() ? Integer.parseInt(port.group(1)) : DEFAULT_POSTGRES_PORT);
    }
    return List.copyOf(ports);
  }

  private static NetworkPolicyPort port(IntOrString port, String protocol) {
    return new NetworkPolicyPortBuilder().withPort(port).withProtocol(protocol).build();
  }
}
