package dev.rampart.operator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.localcp.LocalVault;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.vaultsecret.Destination;
import dev.rampart.operator.api.vaultsecret.KvSource;
import dev.rampart.operator.api.vaultsecret.Source;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretSpec;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import dev.rampart.operator.model.tenant.TenantStatusModel;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Vault going away keeps what exists (namespaces, policies, synced Secrets), says so on the Tenant
 * and the VaultSecret, and everything recovers by itself when Vault is back.
 */
class VaultOutageIT {

  @Test
  void tenantsReportVaultUnavailableKeepTheirObjectsAndRecover() {
    KubernetesClient client = TestCluster.admin();
    LocalVault vault = TestCluster.vault();
    TestCluster.operator();
    String name = Tenants.uniqueName("outage");
    client.resource(Tenants.owned(name, "alice")).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> vaultReady(client, name));
    vault.asRoot(
        "POST",
        "secret/data/tenants/" + name + "/db",
        Map.of("data", Map.of("password", "before")));
    client.resource(vaultSecret(name)).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "Synced".equals(vaultSecretReason(client, name)));
    Secret synced = client.secrets().inNamespace(name).withName("db").get();

    vault.pause();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  condition(client, name, Conditions.READY).getReason().equals("VaultUnavailable"));
      Condition vaultReady = condition(client, name, TenantStatusModel.VAULT_READY);
      assertThat(vaultReady.getStatus()).isEqualTo("False");
      assertThat(vaultReady.getMessage()).contains("could not reach Vault");
      assertThat(client.namespaces().withName(name).get()).isNotNull();
      assertThat(
              client
                  .network()
                  .networkPolicies()
                  .inNamespace(name)
                  .withName(TenantNetworkPolicyModel.DEFAULT_DENY)
                  .get())
          .isNotNull();
      assertThat(client.resources(Tenant.class).withName(name).get().getStatus().getVault())
          .isNotNull();
    } finally {
      vault.resume();
      // Dev-mode OpenBao comes back empty: the administrator's one-time setup is redone, and
      // Rampart recreates every tenant's key, policy and role by itself.
      TestCluster.setUpVault();
    }
    await().atMost(Duration.ofSeconds(120)).until(() -> vaultReady(client, name));

    // The restarted dev server lost the entry: reported, and the Secret is never blanked for it.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "SecretNotFound".equals(vaultSecretReason(client, name)));
    assertThat(client.secrets().inNamespace(name).withName("db").get().getData())
        .isEqualTo(synced.getData());
    vault.asRoot(
        "POST", "secret/data/tenants/" + name + "/db", Map.of("data", Map.of("password", "after")));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "Synced".equals(vaultSecretReason(client, name)));
    assertThat(client.secrets().inNamespace(name).withName("db").get().getData())
        .containsEntry(
            "password",
            Base64.getEncoder().encodeToString("after".getBytes(StandardCharsets.UTF_8)));
  }

  private static VaultSecret vaultSecret(String namespace) {
    VaultSecret vs = new VaultSecret();
    vs.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName("db").build());
    VaultSecretSpec spec = new VaultSecretSpec();
    spec.setSource(new Source(new KvSource("db", null)));
    spec.setDestination(new Destination("db"));
    spec.setRefreshInterval("5s");
    vs.setSpec(spec);
    return vs;
  }

  private static String vaultSecretReason(KubernetesClient client, String namespace) {
    VaultSecret vs =
        client.resources(VaultSecret.class).inNamespace(namespace).withName("db").get();
    if (vs == null || vs.getStatus() == null) {
      return null;
    }
    return vs.getStatus().getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType()))
        .map(Condition::getReason)
        .findFirst()
        .orElse(null);
  }

  private static boolean vaultReady(KubernetesClient client, String name) {
    Tenant tenant = client.resources(Tenant.class).withName(name).get();
    return Tenants.isVaultReady(tenant);
  }

  private static Condition condition(KubernetesClient client, String name, String type) {
    return client.resources(Tenant.class).withName(name).get().getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
