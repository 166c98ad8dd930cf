package dev.rampart.operator.model.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhookStatus;
import dev.rampart.operator.api.paymentwebhook.Provider;
import dev.rampart.operator.model.TenantNamespaces;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PaymentWebhookModelTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private static PaymentWebhook created(String name, String path, String at) {
    PaymentWebhook webhook = Webhooks.minimal("team-a", name, Provider.STANDARD_WEBHOOKS);
    webhook.getSpec().setPath(path);
    webhook.getMetadata().setCreationTimestamp(at);
    return webhook;
  }

  @Test
  void theOldestPaymentWebhookKeepsAPath() {
    PaymentWebhook old = created("b", "/pay", "2026-01-01T00:00:00Z");
    PaymentWebhook young = created("a", "/pay", "2026-02-01T00:00:00Z");
    PaymentWebhook elsewhere = created("c", "/other", "2025-01-01T00:00:00Z");
    assertThat(PathClaims.heldByAnother(young, Stream.of(old, young, elsewhere))).contains(old);
    assertThat(PathClaims.heldByAnother(old, Stream.of(old, young, elsewhere))).isEmpty();
    assertThat(PathClaims.heldByAnother(elsewhere, Stream.of(old, young, elsewhere))).isEmpty();
  }

  @Test
  void samePathSameAgeGoesByName() {
    PaymentWebhook a = created("a", "/pay", "2026-01-01T00:00:00Z");
    PaymentWebhook b = created("b", "/pay", "2026-01-01T00:00:00Z");
    assertThat(PathClaims.heldByAnother(b, Stream.of(b, a))).contains(a);
  }

  @Test
  void aPaymentWebhookBeingDeletedHoldsNoPath() {
    PaymentWebhook old = created("b", "/pay", "2026-01-01T00:00:00Z");
    old.getMetadata().setDeletionTimestamp("2026-03-01T00:00:00Z");
    PaymentWebhook young = created("a", "/pay", "2026-02-01T00:00:00Z");
    assertThat(PathClaims.heldByAnother(young, Stream.of(old, young))).isEmpty();
  }

  private static Namespace namespace(String label, String ownerKind, String ownerName) {
    NamespaceBuilder builder =
        new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata();
    if (label != null) {
      builder.editMetadata().addToLabels("rampart.dev/tenant", label).endMetadata();
    }
    if (ownerKind != null) {
      builder
          .editMetadata()
          .addNewOwnerReference()
          .withApiVersion("rampart.dev/v1alpha1")
          .withKind(ownerKind)
          .withName(ownerName)
          .withUid("u")
          .withController(true)
          .endOwnerReference()
          .endMetadata();
    }
    return builder.build();
  }

  @Test
  void aTenantNamespaceIsLabelledAndControlledByThatTenant() {
    assertThat(TenantNamespaces.tenantOf(namespace("globex", "Tenant", "globex")))
        .contains("globex");
    assertThat(TenantNamespaces.tenantOf(namespace("globex", null, null))).isEmpty();
    assertThat(TenantNamespaces.tenantOf(namespace("globex", "Tenant", "initech"))).isEmpty();
    assertThat(TenantNamespaces.tenantOf(namespace(null, "Tenant", "globex"))).isEmpty();
    assertThat(TenantNamespaces.tenantOf(namespace("globex", "Deployment", "globex"))).isEmpty();
    assertThat(TenantNamespaces.tenantOf(null)).isEmpty();
  }

  private static Condition ready(PaymentWebhookStatus status) {
    return status.getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void provisionedShowsVersionsAndEndpointButNoSecret() {
    PaymentWebhook webhook = Webhooks.stripe("team-a", "payments");
    PaymentWebhookStatus status =
        PaymentWebhookStatusModel.provisioned(
            webhook,
            GatewayConfigTest.rotated(),
            "Secret stripe (key webhook-secret)",
            Optional.empty(),
            NOW);
    assertThat(ready(status).getStatus()).isEqualTo("True");
    assertThat(ready(status).getReason()).isEqualTo("Provisioned");
    assertThat(status.getEndpoint())
        .isEqualTo("http://payments-gateway.team-a.svc/webhooks/stripe");
    assertThat(status.getActiveSecretVersion()).isEqualTo(3);
    assertThat(status.getPreviousSecretVersion()).isEqualTo(2);
    assertThat(status.getPreviousSecretValidUntil()).isEqualTo("2026-11-23T12:00:00Z");
    assertThat(status.getObservedGeneration()).isEqualTo(1);
    assertThat(Serialization.asJson(status)).doesNotContain("whsec_");
  }

  @Test
  void aMissingForwardTargetIsNotReadyButProvisioned() {
    PaymentWebhook webhook = Webhooks.stripe("team-a", "payments");
    PaymentWebhookStatus status =
        PaymentWebhookStatusModel.provisioned(
            webhook, GatewayConfigTest.rotated(), "x", Optional.of("Service app not found"), NOW);
    assertThat(ready(status).getStatus()).isEqualTo("False");
    assertThat(ready(status).getReason()).isEqualTo("ForwardTargetNotFound");
    assertThat(status.getActiveSecretVersion()).isEqualTo(3);
  }

  @Test
  void aFailureKeepsWhatWasProvisionedAndTheTransitionTimeMovesOnlyOnChange() {
    PaymentWebhook webhook = Webhooks.stripe("team-a", "payments");
    webhook.setStatus(
        PaymentWebhookStatusModel.provisioned(
            webhook, GatewayConfigTest.rotated(), "x", Optional.empty(), NOW));
    PaymentWebhookStatus failed =
        PaymentWebhookStatusModel.failed(
            webhook, "VaultUnavailable", "Vault down", NOW.plusSeconds(60));
    assertThat(ready(failed).getLastTransitionTime()).isEqualTo("2026-03-01T10:01:00Z");
    assertThat(failed.getActiveSecretVersion()).isEqualTo(3);
    assertThat(failed.getEndpoint()).isEqualTo(webhook.getStatus().getEndpoint());
    webhook.setStatus(failed);
    assertThat(
            PaymentWebhookStatusModel.failed(
                webhook, "VaultUnavailable", "Vault down", NOW.plusSeconds(120)))
        .isEqualTo(failed);
  }
}
