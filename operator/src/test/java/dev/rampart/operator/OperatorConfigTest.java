package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.operator.keycloak.KeycloakConfig;
import dev.rampart.operator.model.tenant.OperatorAccessModel;
import dev.rampart.operator.testing.TestCluster;
import dev.rampart.operator.vault.VaultConfig;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaultsSuitARealCluster() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("POD_NAMESPACE", "platform"));
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseNamespace()).isEqualTo("platform");
    assertThat(config.reconcileThreads()).isEqualTo(10);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    // The build filled in its own version.
    assertThat(config.billingGatewayImage())
        .matches("rampart/billing-gateway:\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void readsEverySetting() {
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "RAMPART_HTTP_PORT", "9090",
                "RAMPART_LEADER_ELECTION", "FALSE",
                "RAMPART_LEASE_NAMESPACE", "ops",
                "RAMPART_RECONCILE_THREADS", "4",
                "RAMPART_SHUTDOWN_GRACE_SECONDS", "5",
                "RAMPART_BILLING_GATEWAY_IMAGE", "registry.example/billing-gateway:2",
                "RAMPART_SERVICE_ACCOUNT", "rampart"));
    assertThat(config)
        .isEqualTo(
            new OperatorConfig(
                9090,
                false,
                "ops",
                4,
                Duration.ofSeconds(5),
                Optional.empty(),
                "registry.example/billing-gateway:2",
                Optional.of(new OperatorAccessModel.ServiceAccount("ops", "rampart")),
                OperatorConfig.DEFAULT_PDP_IMAGE,
                Optional.empty(),
                Optional.empty()));
  }

  @Test
  void keycloakIsConfiguredByItsUrlAndNeedsTheClientSecret() {
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "RAMPART_KEYCLOAK_URL", "https://sso.example:8443",
                "RAMPART_KEYCLOAK_CLIENT_SECRET", "s3cr3t-value",
                "RAMPART_KEYCLOAK_RESYNC_SECONDS", "30"));
    KeycloakConfig keycloak = config.keycloak().orElseThrow();
    assertThat(keycloak.url()).isEqualTo(URI.create("https://sso.example:8443"));
    assertThat(keycloak.clientId()).isEqualTo("rampart-operator");
    assertThat(keycloak.resync()).isEqualTo(Duration.ofSeconds(30));
    assertThat(keycloak.toString()).doesNotContain("s3cr3t-value");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(Map.of("RAMPART_KEYCLOAK_URL", "ftp://sso")))
        .hasMessageContaining("RAMPART_KEYCLOAK_URL=ftp://sso: must be an http(s) URL")
        .hasMessageContaining("RAMPART_KEYCLOAK_CLIENT_SECRET: required");
  }

  @Test
  void vaultIsConfiguredByItsAddress() {
    VaultConfig vault =
        OperatorConfig.fromEnvironment(
                Map.of(
                    "RAMPART_VAULT_ADDR", "https://vault.vault:8200",
                    "RAMPART_VAULT_KEY_RETENTION_SECONDS", "60"))
            .vault()
            .orElseThrow();
    assertThat(vault.address()).hasToString("https://vault.vault:8200");
    assertThat(vault.tokenFile()).isNull();
    assertThat(vault.role()).isEqualTo("rampart");
    assertThat(vault.jwtFile()).hasToString("/var/run/secrets/kubernetes.io/serviceaccount/token");
    assertThat(vault.keyRetention()).isEqualTo(Duration.ofMinutes(1));
    assertThat(vault.resync()).isEqualTo(Duration.ofMinutes(5));
    assertThat(vault.leaseRenewFraction()).isEqualTo(2.0 / 3);
  }

  @Test
  void rejectsAVaultAddressThatIsNotAUrl() {
    assertThatThrownBy(
            () -> OperatorConfig.fromEnvironment(Map.of("RAMPART_VAULT_ADDR", "vault:8200")))
        .hasMessageContaining("RAMPART_VAULT_ADDR=vault:8200: must be an http(s) URL");
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    Map.of(
                        "RAMPART_VAULT_ADDR", "http://127.0.0.1:8200",
                        "RAMPART_VAULT_LEASE_RENEW_FRACTION", "1.5")))
        .hasMessageContaining(
            "RAMPART_VAULT_LEASE_RENEW_FRACTION=1.5: must be between 0.1 and 0.9");
  }

  @Test
  void reportsEveryBadValueByName() {
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnvironment(
                    Map.of(
                        "RAMPART_HTTP_PORT", "http",
                        "RAMPART_LEADER_ELECTION", "maybe",
                        "RAMPART_RECONCILE_THREADS", "0",
                        "RAMPART_LEASE_NAMESPACE", "Not_A_Namespace",
                        "RAMPART_BILLING_GATEWAY_IMAGE", "billing gateway",
                        "RAMPART_OPA", "/nonexistent/opa")))
        .isInstanceOf(OperatorConfig.InvalidConfigException.class)
        .hasMessageContaining("RAMPART_HTTP_PORT=http: not a whole number")
        .hasMessageContaining("RAMPART_LEADER_ELECTION=maybe: must be true or false")
        .hasMessageContaining("RAMPART_RECONCILE_THREADS=0: must be between 1 and 200")
        .hasMessageContaining("RAMPART_LEASE_NAMESPACE=Not_A_Namespace: must be a namespace name")
        .hasMessageContaining("RAMPART_BILLING_GATEWAY_IMAGE=billing gateway: must be an image")
        .hasMessageContaining("RAMPART_OPA=/nonexistent/opa: not an executable file");
  }

  /** Tenants' decision points run the OPA the policy library is tested with. */
  @Test
  void thePdpImageIsTheOpaVersionServersShPinsHereAndInTheChart() throws Exception {
    String servers = Files.readString(TestCluster.repoRoot().resolve("scripts/servers.sh"));
    Matcher pinned = Pattern.compile("(?m)^OPA_VERSION=(\\S+)$").matcher(servers);
    assertThat(pinned.find()).isTrue();
    assertThat(OperatorConfig.DEFAULT_PDP_IMAGE)
        .isEqualTo("openpolicyagent/opa:" + pinned.group(1) + "-static");
    assertThat(Files.readString(TestCluster.repoRoot().resolve("helm/rampart/values.yaml")))
        .contains("pdpImage: " + OperatorConfig.DEFAULT_PDP_IMAGE);
  }
}
