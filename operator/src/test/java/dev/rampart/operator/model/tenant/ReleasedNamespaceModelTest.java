package dev.rampart.operator.model.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Owners;
import dev.rampart.operator.testing.Tenants;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleasedNamespaceModelTest {

  private static Tenant tenant() {
    Tenant tenant = Tenants.owned("acme", "alice");
    tenant.getMetadata().setUid("uid-1");
    tenant.getSpec().setPreventDeletion(true);
    return tenant;
  }

  @Test
  void aReleasedNamespaceKeepsItsPodSecurityAndLosesWhatTiedItToTheTenant() {
    Tenant tenant = tenant();
    Namespace namespace =
        new NamespaceBuilder(TenantNamespaceModel.desired(tenant, "acme-old"))
            .editMetadata()
            .addToOwnerReferences(
                new OwnerReferenceBuilder().withUid("uid-other").withName("other").build())
            .endMetadata()
            .build();

    Namespace released = ReleasedNamespaceModel.disowned(namespace, tenant);

    assertThat(released.getMetadata().getLabels())
        .doesNotContainKeys(
            "rampart.dev/tenant", "app.kubernetes.io/managed-by", "rampart.dev/prevent-deletion")
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(released.getMetadata().getOwnerReferences())
        .extracting(ref -> ref.getUid())
        .containsExactly("uid-other");
    assertThat(released.getMetadata().getAnnotations())
        .containsEntry(ReleasedNamespaceModel.RELEASED_FROM, "acme");
    assertThat(Owners.isControlledBy(namespace, tenant)).as("the original is untouched").isTrue();
  }

  @Test
  void onlyTheDefaultDenyStays() {
    List<NetworkPolicy> policies =
        TenantNetworkPolicyModel.desired(tenant(), List.of("acme"), "acme");
    assertThat(policies)
        .filteredOn(ReleasedNamespaceModel::kept)
        .extracting(p -> p.getMetadata().getName())
        .containsExactly(TenantNetworkPolicyModel.DEFAULT_DENY);
    assertThat(ReleasedNamespaceModel.kept(TenantOwnerBindingModel.desired(tenant(), "acme")))
        .isFalse();
  }
}
