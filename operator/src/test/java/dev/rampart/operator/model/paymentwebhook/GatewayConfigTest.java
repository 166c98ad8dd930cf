package dev.rampart.operator.model.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.Provider;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Previous;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Version;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Gateway gateway(PaymentWebhook webhook, State signing) {
    return new Gateway(
        webhook,
        "rampart/billing-gateway:1",
        signing,
        Optional.empty(),
        webhook.getSpec().getForward() == null ? Optional.empty() : Optional.of("whsec_forward"),
        Optional.empty(),
        Map.of(GatewaySecrets.DB_USERNAME_FILE, "ledger", GatewaySecrets.DB_PASSWORD_FILE, "pw"),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void anAdminApiThatAsksThePolicyIsGivenTheTenantsDecisionPoint() throws Exception {
    PaymentWebhook webhook = Webhooks.stripe("team-a", "payments");
    Gateway base = gateway(webhook, rotated());
    Gateway asking =
        new Gateway(
            webhook,
            base.image(),
            base.signing(),
            Optional.empty(),
            base.forwardSecret(),
            Optional.empty(),
            base.mountedFiles(),
            Optional.of(new Gateway.PolicyDecisionPointRef("team", "team-a")),
            Optional.empty());
    JsonNode policy = JSON.readTree(GatewayConfig.json(asking)).path("policy");
    assertThat(policy.path("url").asText()).isEqualTo("http://rampart-pdp.team-a.svc:8181");
    assertThat(policy.path("tenant").asText()).isEqualTo("team");
    assertThat(JSON.readTree(GatewayConfig.json(base)).has("policy")).isFalse();
  }

  @Test
  void anAdminClientsRealmIsTheIssuerOfAcceptedAccessTokens() throws Exception {
    PaymentWebhook webhook = Webhooks.stripe("team-a", "payments");
    Gateway base = gateway(webhook, rotated());
    JsonNode oidc =
        JSON.readTree(
                GatewayConfig.json(withAdminIssuer(base, "https://sso.example/realms/tenant-team")))
            .path("oidc");
    assertThat(oidc.path("issuer").asText()).isEqualTo("https://sso.example/realms/tenant-team");
    assertThat(oidc.path("audience").asText()).isEqualTo("team-a.ops-console");
    assertThat(JSON.readTree(GatewayConfig.json(base)).has("oidc")).isFalse();
  }

  static Gateway withAdminIssuer(Gateway base, String issuer) {
    return new Gateway(
        base.webhook(),
        base.image(),
        base.signing(),
        base.generated(),
        base.forwardSecret(),
        base.forwardPods(),
        base.mountedFiles(),
        base.policy(),
        Optional.of(new Gateway.AdminIssuer(issuer, "team-a.ops-console")));
  }

  static State rotated() {
    return new State(
        new Version(3, "whsec_current"),
        Optional.of(
            new Previous(new Version(2, "whsec_previous"), Instant.parse("2026-11-23T12:00:00Z"))));
  }

  @Test
  void rendersTheContractForEveryField() throws Exception {
    String json = GatewayConfig.json(gateway(Webhooks.stripe("team-a", "payments"), rotated()));
    JsonNode expected =
        JSON.readTree(
            """
            {
              "listen": {"webhooks": 8080, "admin": 8081, "management": 9090},
              "database": {"url": "jdbc:postgresql://ledger.example:5432/billing",
                           "usernameFile": "db-username", "passwordFile": "db-password"},
              "adminTokensFile": "admin-tokens",
              "webhooks": [
                {
                  "name": "payments",
                  "path": "/webhooks/stripe",
                  "provider": "stripe",
                  "signingSecrets": [
                    {"file": "signing-v3"},
                    {"file": "signing-v2", "validUntil": "2026-11-23T12:00:00Z"}
                  ],
                  "toleranceSeconds": 300,
                  "idempotencyWindowSeconds": 2592000,
                  "maxBodyBytes": 262144,
                  "maxAmountMinorUnits": 999999999999,
                  "postings": [
                    {"eventType": "charge.succeeded", "amount": "/data/object/amount",
                     "currency": "/data/object/currency",
                     "debit": "processor:stripe", "credit": "revenue:sales"}
                  ],
                  "reconciliation": {"eventType": "balance.available",
                                     "account": "processor:stripe",
                                     "balances": "/data/object/available"},
                  "forward": {"url": "http://app.team-a.svc:8080/billing-events",
                              "secretFile": "forward"},
                  "adjustments": {
                    "maxMinorUnits": 50000,
                    "credit": {"debit": "expense:customer-credits",
                               "credit": "liability:customer-balance"},
                    "refund": {"debit": "revenue:refunds", "credit": "processor:stripe"}
                  }
                }
              ]
            }
            """);
    assertThat(JSON.readTree(json)).isEqualTo(expected);
  }

  @Test
  void leavesOutWhatIsNotDeclared() throws Exception {
    PaymentWebhook webhook = Webhooks.minimal("team-a", "hooks", Provider.STANDARD_WEBHOOKS);
    JsonNode json =
        JSON.readTree(
            GatewayConfig.json(
                gateway(webhook, new State(new Version(1, "whsec_a"), Optional.empty()))));
    assertThat(json.has("adminTokensFile")).isFalse();
    JsonNode hook = json.path("webhooks").get(0);
    assertThat(hook.path("provider").asText()).isEqualTo("standard-webhooks");
    assertThat(hook.path("signingSecrets")).hasSize(1);
    assertThat(hook.path("postings")).isEmpty();
    assertThat(hook.has("reconciliation") || hook.has("forward") || hook.has("adjustments"))
        .isFalse();
  }

  @Test
  void holdsNoSecretAndLivesInAnOwnedConfigMap() {
    PaymentWebhook webhook = Webhooks.stripe("team-a", "payments");
    ConfigMap configMap = GatewayConfig.configMap(gateway(webhook, rotated()));
    assertThat(configMap.getMetadata().getName()).isEqualTo("payments-gateway");
    assertThat(configMap.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(configMap.getMetadata().getLabels())
        .containsEntry("rampart.dev/payment-webhook", "payments")
        .containsEntry("app.kubernetes.io/managed-by", "rampart")
        .doesNotContainKey("rampart.dev/tenant");
    assertThat(configMap.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo("uid-payments"));
    assertThat(configMap.getData().get(GatewayConfig.FILE))
        .doesNotContain("whsec_")
        .doesNotContain("\"pw\"");
  }

  @Test
  void forwardsOnlyWithinTheWebhooksNamespace() {
    assertThat(GatewayConfig.forwardUrl(Webhooks.stripe("team-b", "payments")))
        .isEqualTo("http://app.team-b.svc:8080/billing-events");
  }
}
