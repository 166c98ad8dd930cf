package dev.rampart.operator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.localcp.LocalVault;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import dev.rampart.operator.model.tenant.TenantStatusModel;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Vault going away keeps what exists, says so on the Tenant, and recovers by itself. */
class VaultOutageIT {

  @Test
  void tenantsReportVaultUnavailableKeepTheirObjectsAndRecover() {
    KubernetesClient client = TestCluster.admin();
    LocalVault vault = TestCluster.vault();
    TestCluster.operator();
    String name = Tenants.uniqueName("outage");
    client.resource(Tenants.owned(name, "alice")).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> vaultReady(client, name));

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
  }

  private static boolean vaultReady(KubernetesClient client, String name) {
    Tenant tenant = client.resources(Tenant.class).withName(name).get();
    return Tenants.isReady(tenant)
        && Conditions.isTrue(tenant.getStatus().getConditions(), TenantStatusModel.VAULT_READY);
  }

  private static Condition condition(KubernetesClient client, String name, String type) {
    return client.resources(Tenant.class).withName(name).get().getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
