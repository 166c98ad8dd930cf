package dev.rampart.operator.model.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.model.paymentwebhook.GatewayNetworkPolicy.ForwardPods;
import dev.rampart.operator.model.paymentwebhook.GatewayNetworkPolicy.ForwardTarget;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayNetworkPolicyTest {

  private static final PaymentWebhook WEBHOOK = Webhooks.stripe("team-a", "payments");
  private static final ForwardPods APP =
      new ForwardPods(Map.of("app", "web"), new IntOrString("http"));

  private static NetworkPolicy policy(Optional<ForwardPods> forward) {
    Gateway base = GatewayConfigTest.gateway(WEBHOOK, GatewayConfigTest.rotated());
    return GatewayNetworkPolicy.of(
        new Gateway(
            WEBHOOK,
            base.image(),
            base.signing(),
            Optional.empty(),
            base.forwardSecret(),
            forward,
            base.mountedFiles(),
            Optional.empty(),
            Optional.empty()));
  }

  private static List<String> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> p.getProtocol() + "/" + p.getPort().getValue()).toList();
  }

  @Test
  void selectsTheGatewayAndLimitsBothDirections() {
    NetworkPolicy policy = policy(Optional.of(APP));
    assertThat(policy.getMetadata().getName()).isEqualTo("payments-gateway");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(GatewayNames.selector(WEBHOOK));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
  }

  @Test
  void webhooksFromAnywhereAdminFromTheNamespaceManagementFromTheCluster() {
    var ingress = policy(Optional.of(APP)).getSpec().getIngress();
    assertThat(ingress).hasSize(3);
    assertThat(ingress.get(0).getFrom()).isEmpty();
    assertThat(ports(ingress.get(0).getPorts())).containsExactly("TCP/8080");
    // A bare pod selector: pods of this namespace only.
    assertThat(ingress.get(1).getFrom())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector()).isNull();
              assertThat(peer.getPodSelector().getMatchLabels()).isEmpty();
            });
    assertThat(ports(ingress.get(1).getPorts())).containsExactly("TCP/8081");
    assertThat(ingress.get(2).getFrom())
        .singleElement()
        .satisfies(peer -> assertThat(peer.getNamespaceSelector()).isNotNull());
    assertThat(ports(ingress.get(2).getPorts())).containsExactly("TCP/9090");
  }

  @Test
  void egressOnlyToTheForwardPodsAndTheDatabase() {
    var egress = policy(Optional.of(APP)).getSpec().getEgress();
    assertThat(egress).hasSize(2);
    // The forward target: pods of this namespace (no namespace selector) on their target port.
    assertThat(egress.get(0).getTo())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector()).isNull();
              assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "web"));
            });
    assertThat(ports(egress.get(0).getPorts())).containsExactly("TCP/http");
    assertThat(egress.get(1).getTo()).isEmpty();
    assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/5432");
  }

  @Test
  void anAdminApiTakingAccessTokensMayReachTheIssuersPort() {
    Gateway base = GatewayConfigTest.gateway(WEBHOOK, GatewayConfigTest.rotated());
    for (var issuer :
        java.util.Map.of(
                "https://sso.example/realms/t", 443, "http://127.0.0.1:8080/realms/t", 8080)
            .entrySet()) {
      var egress =
          GatewayNetworkPolicy.of(GatewayConfigTest.withAdminIssuer(base, issuer.getKey()))
              .getSpec()
              .getEgress();
      assertThat(egress)
          .anySatisfy(
              rule ->
                  assertThat(rule.getPorts().get(0).getPort().getIntVal())
                      .isEqualTo(issuer.getValue()));
      assertThat(egress).hasSize(GatewayNetworkPolicy.of(base).getSpec().getEgress().size() + 1);
    }
  }

  @Test
  void anAdminApiThatAsksThePolicyMayReachTheTenantsDecisionPointAlone() {
    Gateway base = GatewayConfigTest.gateway(WEBHOOK, GatewayConfigTest.rotated());
    var egress =
        GatewayNetworkPolicy.of(
                new Gateway(
                    WEBHOOK,
                    base.image(),
                    base.signing(),
                    Optional.empty(),
                    base.forwardSecret(),
                    Optional.empty(),
                    base.mountedFiles(),
                    Optional.of(new Gateway.PolicyDecisionPointRef("team", "team-a")),
                    Optional.empty()))
            .getSpec()
            .getEgress();
    assertThat(egress).hasSize(2);
    var pdp = egress.get(0);
    assertThat(pdp.getTo().get(0).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "team-a"));
    assertThat(pdp.getTo().get(0).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "rampart-pdp")
        .containsEntry("rampart.dev/policy-of", "team");
    assertThat(ports(pdp.getPorts())).containsExactly("TCP/8181");
  }

  @Test
  void withoutAForwardTargetThereIsNoRuleForIt() {
    assertThat(policy(Optional.empty()).getSpec().getEgress()).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://ledger.example:5433/billing|5433",
        "jdbc:postgresql://ledger.example/billing|5432",
        "jdbc:postgresql://a:6000,b/billing?targetServerType=primary|5432,6000",
        "jdbc:postgresql://[::1]/billing|5432",
        "jdbc:postgresql://[fd00::5]:6543/billing|6543"
      })
  void databasePortsComeFromTheJdbcUrl(String url, String expected) {
    assertThat(GatewayNetworkPolicy.databasePorts(url))
        .containsExactlyElementsOf(
            Arrays.stream(expected.split(",")).map(Integer::valueOf).toList());
  }

  private static Service service(Integer targetPort, Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("app")
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .addNewPort()
        .withPort(8080)
        .withTargetPort(targetPort == null ? null : new IntOrString(targetPort))
        .endPort()
        .endSpec()
        .build();
  }

  @Test
  void theForwardTargetIsTheServicesPodsOnItsTargetPort() {
    assertThat(GatewayNetworkPolicy.forwardTarget(WEBHOOK, service(9000, Map.of("app", "web"))))
        .isEqualTo(
            new ForwardTarget(
                Optional.of(new ForwardPods(Map.of("app", "web"), new IntOrString(9000))),
                Optional.empty()));
    assertThat(
            GatewayNetworkPolicy.forwardTarget(WEBHOOK, service(null, Map.of("app", "web")))
                .pods()
                .orElseThrow()
                .port())
        .isEqualTo(new IntOrString(8080));
  }

  @Test
  void aMissingServicePortOrSelectorIsAProblem() {
    assertThat(GatewayNetworkPolicy.forwardTarget(WEBHOOK, null).problem())
        .hasValueSatisfying(p -> assertThat(p).contains("Service app not found"));
    assertThat(GatewayNetworkPolicy.forwardTarget(WEBHOOK, service(9000, Map.of())).problem())
        .hasValueSatisfying(p -> assertThat(p).contains("selects no pods"));
    PaymentWebhook otherPort = Webhooks.stripe("team-a", "payments");
    otherPort.getSpec().getForward().setPort(81);
    assertThat(
            GatewayNetworkPolicy.forwardTarget(otherPort, service(9000, Map.of("app", "web")))
                .problem())
        .hasValueSatisfying(p -> assertThat(p).contains("has no port 81"));
  }
}
