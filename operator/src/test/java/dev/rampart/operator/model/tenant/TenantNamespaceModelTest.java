package dev.rampart.operator.model.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.api.tenant.DataResidency;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.testing.Tenants;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;

class TenantNamespaceModelTest {

  @Test
  void enforcesRestrictedPodSecurityAndRecordsTheTenant() {
    Tenant tenant = Tenants.owned("acme", "alice");
    Namespace ns = TenantNamespaceModel.desired(tenant, "acme-app");
    assertThat(ns.getMetadata().getName()).isEqualTo("acme-app");
    assertThat(ns.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("pod-security.kubernetes.io/enforce-version", "latest")
        .containsEntry("pod-security.kubernetes.io/audit", "restricted")
        .containsEntry("pod-security.kubernetes.io/warn", "restricted")
        .containsEntry("rampart.dev/tenant", "acme")
        .containsEntry("app.kubernetes.io/managed-by", "rampart")
        .containsEntry("rampart.dev/data-classification", "internal")
        .containsEntry("rampart.dev/prevent-deletion", "false")
        .doesNotContainKey("rampart.dev/data-residency");
    assertThat(ns.getMetadata().getAnnotations()).isEmpty();
  }

  @Test
  void pinsPodsToTheResidencyRegion() {
    Tenant tenant = Tenants.owned("acme", "alice");
    tenant.getSpec().setDataResidency(new DataResidency("eu-west-1"));
    tenant.getSpec().setDataClassification(DataClassification.RESTRICTED);
    Namespace ns = TenantNamespaceModel.desired(tenant, "acme");
    assertThat(ns.getMetadata().getLabels())
        .containsEntry("rampart.dev/data-residency", "eu-west-1")
        .containsEntry("rampart.dev/data-classification", "restricted");
    assertThat(ns.getMetadata().getAnnotations())
        .containsEntry(
            "scheduler.alpha.kubernetes.io/node-selector",
            "topology.kubernetes.io/region=eu-west-1");
  }
}
