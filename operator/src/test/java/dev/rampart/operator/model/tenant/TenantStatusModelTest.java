package dev.rampart.operator.model.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.TenantStatus;
import dev.rampart.operator.api.tenant.VaultStatus;
import dev.rampart.operator.testing.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantStatusModelTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Tenant tenant() {
    Tenant tenant = Tenants.owned("acme", "alice");
    tenant.getMetadata().setGeneration(3L);
    return tenant;
  }

  @Test
  void readyWhenEveryNamespaceIsTheTenants() {
    TenantStatus status =
        TenantStatusModel.provisioned(
            tenant(), new NamespaceClaim(List.of("acme"), List.of()), null, T0);
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getNamespaces()).containsExactly("acme");
    assertThat(status.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("NamespaceConflict=False/NoConflict", "Ready=True/Provisioned");
  }

  @Test
  void aConflictMakesTheTenantNotReadyAndNamesTheNamespace() {
    TenantStatus status =
        TenantStatusModel.provisioned(
            tenant(), new NamespaceClaim(List.of("acme"), List.of("legacy")), null, T0);
    assertThat(status.getConditions())
        .allSatisfy(c -> assertThat(c.getMessage()).contains("legacy"));
    assertThat(status.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("NamespaceConflict=True", "Ready=False");
  }

  @Test
  void anUnchangedOutcomeGivesAnEqualStatusSoNothingIsWritten() {
    Tenant tenant = tenant();
    NamespaceClaim claim = new NamespaceClaim(List.of("acme"), List.of());
    tenant.setStatus(TenantStatusModel.provisioned(tenant, claim, null, T0));
    TenantStatus later = TenantStatusModel.provisioned(tenant, claim, null, T0.plusSeconds(3600));
    assertThat(later).isEqualTo(tenant.getStatus());
  }

  @Test
  void namespacesAreProtectedOnlyWhileTheSpecSaysSoAndTheTenantOwnsSome() {
    Tenant tenant = tenant();
    tenant.getSpec().setPreventDeletion(true);
    NamespaceClaim owned = new NamespaceClaim(List.of("acme"), List.of());
    assertThat(TenantStatusModel.provisioned(tenant, owned, null, T0).isNamespacesProtected())
        .isTrue();
    NamespaceClaim none = new NamespaceClaim(List.of(), List.of("acme"));
    assertThat(TenantStatusModel.provisioned(tenant, none, null, T0).isNamespacesProtected())
        .isFalse();
    tenant.getSpec().setPreventDeletion(false);
    assertThat(TenantStatusModel.provisioned(tenant, owned, null, T0).isNamespacesProtected())
        .isFalse();
  }

  /** A reconcile that failed may not have lifted the protection: the status must not say so. */
  @Test
  void aFailureKeepsTheNamespacesProtectedUntilAReconcileLiftsIt() {
    Tenant tenant = tenant();
    tenant.getSpec().setPreventDeletion(true);
    tenant.setStatus(
        TenantStatusModel.provisioned(
            tenant, new NamespaceClaim(List.of("acme"), List.of()), null, T0));
    tenant.getSpec().setPreventDeletion(false);
    assertThat(
            TenantStatusModel.failed(tenant, "ApplyFailed", "boom", T0.plusSeconds(5))
                .isNamespacesProtected())
        .isTrue();
  }

  @Test
  void aFailureKeepsTheKnownNamespaces() {
    Tenant tenant = tenant();
    tenant.setStatus(
        TenantStatusModel.provisioned(
            tenant, new NamespaceClaim(List.of("acme"), List.of()), null, T0));
    TenantStatus failed =
        TenantStatusModel.failed(tenant, "ApplyFailed", "boom", T0.plusSeconds(5));
    assertThat(failed.getNamespaces()).containsExactly("acme");
    assertThat(failed.getConditions())
        .filteredOn(c -> c.getType().equals("Ready"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("ApplyFailed");
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:05Z");
            });
  }

  @Test
  void vaultTroubleKeepsTheTenantNotReadyButKeepsKnownFacts() {
    Tenant tenant = tenant();
    NamespaceClaim claim = new NamespaceClaim(List.of("acme"), List.of());
    VaultStatus facts =
        new VaultStatus(
            "tenant-acme-1", "rampart-tenant-acme-1", "tenant-acme", "secret/tenants/acme");
    tenant.setStatus(
        TenantStatusModel.provisioned(tenant, claim, VaultOutcome.converged(facts), T0));
    assertThat(tenant.getStatus().getVault()).isEqualTo(facts);

    TenantStatus down =
        TenantStatusModel.provisioned(
            tenant,
            claim,
            VaultOutcome.failed("VaultUnavailable", "GET x could not reach Vault"),
            T0.plusSeconds(10));
    assertThat(down.getVault()).isEqualTo(facts);
    assertThat(down.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .contains("VaultReady=False/VaultUnavailable", "Ready=False/VaultUnavailable");
  }

  @Test
  void vaultRetriesBackOffWithTheLengthOfTheOutage() {
    Tenant tenant = tenant();
    NamespaceClaim claim = new NamespaceClaim(List.of("acme"), List.of());
    assertThat(TenantStatusModel.vaultRetryDelay(tenant, T0)).isEqualTo(Duration.ofSeconds(5));
    tenant.setStatus(
        TenantStatusModel.provisioned(
            tenant, claim, VaultOutcome.failed("VaultUnavailable", "down"), T0));
    assertThat(TenantStatusModel.vaultRetryDelay(tenant, T0.plusSeconds(4)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(TenantStatusModel.vaultRetryDelay(tenant, T0.plusSeconds(60)))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(TenantStatusModel.vaultRetryDelay(tenant, T0.plusSeconds(3600)))
        .isEqualTo(Duration.ofMinutes(5));
  }
}
