package dev.rampart.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.Quota;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import dev.rampart.operator.model.tenant.TenantQuotaModel;
import dev.rampart.operator.testing.Tenants;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

  private static Tenant tenant() {
    Tenant tenant = Tenants.owned("acme", "alice");
    tenant.getMetadata().setUid("uid-1");
    Quota quota = new Quota();
    quota.setHard(Map.of("limits.memory", "1024Mi", "requests.cpu", "0.5"));
    tenant.getSpec().setQuota(quota);
    return tenant;
  }

  private static NetworkPolicy denyPolicy() {
    return TenantNetworkPolicyModel.desired(tenant(), List.of("acme"), "acme").get(0);
  }

  /** What the API server hands back: the same object plus server fields and defaults. */
  private static NetworkPolicy asStored(NetworkPolicy desired) {
    return new NetworkPolicyBuilder(desired)
        .editMetadata()
        .withResourceVersion("42")
        .withUid("np-uid")
        .addToLabels("added-by-someone", "else")
        .endMetadata()
        .build();
  }

  @Test
  void missingObjectDoesNotMatch() {
    assertThat(DesiredState.matches(denyPolicy(), null)).isFalse();
  }

  @Test
  void storedCopyWithServerFieldsAndForeignLabelsMatches() {
    assertThat(DesiredState.matches(denyPolicy(), asStored(denyPolicy()))).isTrue();
  }

  @Test
  void narrowedPodSelectorIsDrift() {
    NetworkPolicy edited =
        new NetworkPolicyBuilder(asStored(denyPolicy()))
            .editSpec()
            .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "x")).build())
            .endSpec()
            .build();
    assertThat(DesiredState.matches(denyPolicy(), edited)).isFalse();
  }

  @Test
  void removedTenantLabelOrOwnerIsDrift() {
    NetworkPolicy unlabelled =
        new NetworkPolicyBuilder(asStored(denyPolicy()))
            .editMetadata()
            .removeFromLabels("rampart.dev/tenant")
            .endMetadata()
            .build();
    assertThat(DesiredState.matches(denyPolicy(), unlabelled)).isFalse();
    NetworkPolicy orphaned =
        new NetworkPolicyBuilder(asStored(denyPolicy()))
            .editMetadata()
            .withOwnerReferences()
            .endMetadata()
            .build();
    assertThat(DesiredState.matches(denyPolicy(), orphaned)).isFalse();
  }

  @Test
  void quantitiesAreComparedByValueAsTheServerNormalisesThem() {
    ResourceQuota desired = TenantQuotaModel.quota(tenant(), "acme").orElseThrow();
    ResourceQuota normalised =
        new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder(desired)
            .editSpec()
            .withHard(
                Map.of("limits.memory", new Quantity("1Gi"), "requests.cpu", new Quantity("500m")))
            .endSpec()
            .build();
    assertThat(DesiredState.matches(desired, normalised)).isTrue();
    ResourceQuota raised =
        new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder(desired)
            .editSpec()
            .withHard(
                Map.of("limits.memory", new Quantity("2Gi"), "requests.cpu", new Quantity("500m")))
            .endSpec()
            .build();
    assertThat(DesiredState.matches(desired, raised)).isFalse();
  }

  /** {@code object} as if {@code manager} had written {@code fields} (fieldsV1) into it. */
  private static NetworkPolicy writtenBy(
      NetworkPolicy object, String manager, String field, Map<String, Object> fields) {
    FieldsV1 owned = new FieldsV1();
    owned.setAdditionalProperty(field, fields);
    NetworkPolicy written = new NetworkPolicyBuilder(object).build();
    written
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager(manager)
                    .withOperation("Update")
                    .withFieldsType("FieldsV1")
                    .withFieldsV1(owned)
                    .build()));
    return written;
  }

  @Test
  void aRuleSomeoneElseAddedToTheDefaultDenyIsDrift() {
    // kubectl patch ... -p '{"spec":{"ingress":[{}]}}': the API server records who wrote it.
    NetworkPolicy opened =
        new NetworkPolicyBuilder(asStored(denyPolicy()))
            .editSpec()
            .addNewIngress()
            .endIngress()
            .endSpec()
            .build();
    Map<String, Object> ingress = Map.of("f:ingress", Map.of());
    assertThat(
            DesiredState.matches(
                denyPolicy(), writtenBy(opened, "kubectl-patch", "f:spec", ingress)))
        .isFalse();
    // Without a manager (as the API server's defaults are) the same field is not drift.
    assertThat(DesiredState.matches(denyPolicy(), opened)).isTrue();
    // Rampart's own writes other than apply (a create, a replacement) are not someone else's.
    assertThat(DesiredState.matches(denyPolicy(), writtenBy(opened, "rampart", "f:spec", ingress)))
        .isTrue();
    // Nor is what another manager wrote into metadata.
    Map<String, Object> label = Map.of("f:labels", Map.of("f:team", Map.of()));
    assertThat(
            DesiredState.matches(
                denyPolicy(),
                writtenBy(asStored(denyPolicy()), "kubectl-label", "f:metadata", label)))
        .isTrue();
  }

  @Test
  void aReplacementKeepsOthersMetadataAndTheReadVersion() {
    NetworkPolicy live = asStored(denyPolicy());
    live.getMetadata().setFinalizers(List.of("example.com/keep"));
    live.getSpec().setIngress(List.of(new NetworkPolicyIngressRule()));
    NetworkPolicy replacement = DesiredState.replacement(denyPolicy(), live);
    assertThat(replacement.getSpec().getIngress()).isEmpty();
    assertThat(replacement.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(replacement.getMetadata().getLabels()).containsEntry("added-by-someone", "else");
    assertThat(replacement.getMetadata().getLabels())
        .containsAllEntriesOf(denyPolicy().getMetadata().getLabels());
    assertThat(replacement.getMetadata().getFinalizers()).containsExactly("example.com/keep");
    assertThat(denyPolicy().getMetadata().getResourceVersion()).isNull();
  }
}
