package dev.rampart.operator.vault;

import static dev.rampart.operator.testing.TestCluster.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.localcp.LocalVault;
import dev.rampart.localcp.Servers;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestVault;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real OpenBao authenticates the local control plane's service accounts (Kubernetes auth, via
 * TokenReview) and confines each to its policy.
 */
class LocalVaultIT {

  private static final String AUDIENCE = "vault";

  private static KubernetesClient client;
  private static LocalVault vault;
  private static String tenantA;
  private static String tenantB;

  @BeforeAll
  static void vaultWithKubernetesAuth() throws IOException {
    client = admin();
    vault = LocalVault.start(Servers.fromCache());
    TestVault.configureKubernetesAuth(vault);

    tenantA = Tenants.uniqueName("tenant-a");
    tenantB = Tenants.uniqueName("tenant-b");
    for (String namespace : List.of(tenantA, tenantB)) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      TestVault.serviceAccount(namespace, "app");
    }

    vault.asRoot(
        "PUT",
        "sys/policies/acl/tenant-a",
        Map.of("policy", "path \"secret/data/tenant-a/*\" { capabilities = [\"read\"] }"));
    vault.asRoot(
        "POST",
        "auth/kubernetes/role/tenant-a",
        Map.of(
            "bound_service_account_names", List.of("app"),
            "bound_service_account_namespaces", List.of(tenantA),
            "audience", AUDIENCE,
            "token_ttl", "10m",
            "token_policies", List.of("tenant-a")));
    for (String tenant : List.of("tenant-a", "tenant-b")) {
      vault.asRoot(
          "POST",
          "secret/data/" + tenant + "/db",
          Map.of("data", Map.of("password", tenant + "-pw")));
    }
  }

  @AfterAll
  static void cleanUp() {
    if (vault != null) {
      vault.close();
    }
    if (tenantA != null) {
      client.namespaces().withName(tenantA).delete();
      client.namespaces().withName(tenantB).delete();
    }
  }

  private static LocalVault.Response login(String namespace) {
    return vault.request(
        "POST",
        "auth/kubernetes/login",
        null,
        Map.of("role", "tenant-a", "jwt", TestVault.jwt(namespace, "app", List.of(AUDIENCE))));
  }

  @Test
  void serviceAccountOfTheRoleReadsItsOwnSecretsOnly() {
    LocalVault.Response login = login(tenantA);
    assertThat(login.ok()).as("login: %s", login).isTrue();
    assertThat(login.body().at("/auth/lease_duration").asInt()).isEqualTo(600);
    assertThat(login.body().at("/auth/policies").toString()).contains("\"tenant-a\"");
    String token = login.body().at("/auth/client_token").asText();

    LocalVault.Response own = vault.request("GET", "secret/data/tenant-a/db", token, null);
    assertThat(own.status()).as("own secret: %s", own).isEqualTo(200);
    assertThat(own.body().at("/data/data/password").asText()).isEqualTo("tenant-a-pw");

    LocalVault.Response foreign = vault.request("GET", "secret/data/tenant-b/db", token, null);
    assertThat(foreign.status()).as("foreign secret: %s", foreign).isEqualTo(403);
  }

  @Test
  void sameNamedServiceAccountOfAnotherNamespaceCannotLogIn() {
    LocalVault.Response login = login(tenantB);

    assertThat(login.ok()).isFalse();
    assertThat(login.status()).isEqualTo(403);
    assertThat(login.errors()).anyMatch(e -> e.contains("namespace not authorized"));
    assertThat(login.body().at("/auth/client_token").isMissingNode()).isTrue();
  }

  /** What "Vault unavailable" tests rely on, on a server of its own since it loses all state. */
  @Test
  void pausedVaultRefusesConnectionsAndResumesEmptyOnTheSameAddress() {
    try (LocalVault outage = LocalVault.start(Servers.fromCache())) {
      outage.asRoot("POST", "secret/data/before", Map.of("data", Map.of("k", "v")));
      String address = outage.address();

      outage.pause();
      assertThatThrownBy(() -> outage.request("GET", "sys/health", null, null))
          .hasCauseInstanceOf(ConnectException.class);

      outage.resume();
      assertThat(outage.address()).isEqualTo(address);
      assertThat(outage.asRoot("GET", "sys/mounts", null).body().path("data").has("transit/"))
          .isTrue();
      assertThat(outage.request("GET", "secret/data/before", outage.rootToken(), null).status())
          .isEqualTo(404);
    }
  }
}
