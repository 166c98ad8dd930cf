package dev.rampart.operator.model.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.TenantStatus;
import dev.rampart.operator.testing.Tenants;
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
        TenantStatusModel.provisioned(tenant(), new NamespaceClaim(List.of("acme"), List.of()), T0);
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
            tenant(), new NamespaceClaim(List.of("acme"), List.of("legacy")), T0);
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
    tenant.setStatus(TenantStatusModel.provisioned(tenant, claim, T0));
    TenantStatus later = TenantStatusModel.provisioned(tenant, claim, T0.plusSeconds(3600));
    assertThat(later).isEqualTo(tenant.getStatus());
  }

  @Test
  void aFailureKeepsTheKnownNamespaces() {
    Tenant tenant = tenant();
    tenant.setStatus(
        TenantStatusModel.provisioned(tenant, new NamespaceClaim(List.of("acme"), List.of()), T0));
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
}
