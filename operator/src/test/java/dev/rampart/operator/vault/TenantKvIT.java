package dev.rampart.operator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rampart.localcp.LocalVault;
import dev.rampart.operator.api.vaultsecret.KvSource;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tenant logins TenantKv keeps, against the real API server and OpenBao. */
class TenantKvIT {

  /** A clock the test moves forward by hand. */
  private static final class SteppedClock extends Clock {
    private Instant now = Instant.now();

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void loginsUnusedForATokenLifetimeAreDropped() {
    KubernetesClient client = TestCluster.admin();
    LocalVault vault = TestCluster.vault();
    TestCluster.operator();
    String a = Tenants.createVaultReady(client, "kv-prune-a");
    String b = Tenants.createVaultReady(client, "kv-prune-b");
    for (String tenant : new String[] {a, b}) {
      vault.asRoot(
          "POST", "secret/data/tenants/" + tenant + "/app", Map.of("data", Map.of("k", "v")));
    }
    VaultConfig config = TestCluster.operatorConfig().vault().orElseThrow();
    SteppedClock clock = new SteppedClock();
    TenantKv kv = new TenantKv(VaultConnection.open(config, clock), config, client, clock);
    KvSource app = new KvSource("app", null);

    assertThat(kv.read(a, a, app)).isPresent();
    assertThat(kv.read(a, a, app)).isPresent();
    assertThat(kv.cachedLogins()).isEqualTo(1);

    // A's login stays unused for longer than a token lives; the next login of anyone drops it.
    clock.advance(config.tenantTokenTtl().plusSeconds(1));
    assertThat(kv.read(b, b, app)).isPresent();
    assertThat(kv.cachedLogins()).isEqualTo(1);

    // Used again, A logs in again.
    assertThat(kv.read(a, a, app)).isPresent();
    assertThat(kv.cachedLogins()).isEqualTo(2);
  }

  /**
   * Vault itself, not only Rampart, decides what a namespace may read: a namespace merely labelled
   * into tenant B cannot log in with B's role.
   */
  @Test
  void vaultRefusesANamespaceMerelyLabelledIntoATenant() {
    KubernetesClient client = TestCluster.admin();
    TestCluster.operator();
    String b = Tenants.createVaultReady(client, "kv-owner");
    TestCluster.vault()
        .asRoot("POST", "secret/data/tenants/" + b + "/app", Map.of("data", Map.of("k", "v")));
    String intruder = Tenants.uniqueName("kv-intruder");
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(intruder)
                .addToLabels(Labels.TENANT, b)
                .endMetadata()
                .build())
        .create();
    // Its token is what Vault must refuse: wait for the controller manager to create its account.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.serviceAccounts().inNamespace(intruder).withName("default").get() != null);
    VaultConfig config = TestCluster.operatorConfig().vault().orElseThrow();
    Clock clock = Clock.systemUTC();
    TenantKv kv = new TenantKv(VaultConnection.open(config, clock), config, client, clock);
    KvSource app = new KvSource("app", null);

    assertThat(kv.read(b, b, app)).isPresent();
    assertThatThrownBy(() -> kv.read(b, intruder, app))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.status()).isEqualTo(403));
  }
}
