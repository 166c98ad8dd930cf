package dev.rampart.operator.paymentwebhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.Provider;
import dev.rampart.operator.api.paymentwebhook.SecretKeyRef;
import dev.rampart.operator.api.paymentwebhook.VaultKey;
import dev.rampart.operator.model.paymentwebhook.Gateway.Generated;
import dev.rampart.operator.model.paymentwebhook.GatewayNames;
import dev.rampart.operator.model.paymentwebhook.GatewaySecrets;
import dev.rampart.operator.model.paymentwebhook.GeneratedSigning;
import dev.rampart.operator.model.paymentwebhook.PaymentWebhookStatusModel;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Source;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.tenant.TenantVaultModel;
import dev.rampart.operator.vault.TenantKv;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a PaymentWebhook's signing secret from where it lives: Stripe's from the tenant's Vault KV
 * (as the tenant) or a Secret; a Standard Webhooks one Rampart generates, in the tenant's KV when
 * Rampart has Vault (a new KV version per rotation), else in the Secret {@code <name>-signing}.
 */
final class SigningSources {

  /** Keys of the KV entry holding a generated secret. */
  static final String KV_SECRET = "signingSecret";

  static final String KV_ROTATION = "rotation";

  private final Optional<TenantKv> kv;
  private final SecureRandom random = new SecureRandom();

  SigningSources(Optional<TenantKv> kv) {
    this.kv = kv;
  }

  /** The source's secret, the generated secret to keep in a Secret, and where it lives. */
  record Resolved(Source source, Optional<Generated> generated, String location) {}

  /**
   * @param rendered what the gateway's Secret holds now
   * @param store the Secret holding the generated secret (no Vault), if it exists
   */
  Resolved resolve(
      PaymentWebhook webhook,
      String tenant,
      Optional<State> rendered,
      Optional<Secret> store,
      KubernetesClient client) {
    if (webhook.getSpec().getProvider() == Provider.STANDARD_WEBHOOKS) {
      return kv.isPresent()
          ? generatedInVault(webhook, tenant, kv.get())
          : generatedInSecret(webhook, rendered, store);
    }
    VaultKey vault = webhook.getSpec().getSigningSecret().getVault();
    if (vault != null) {
      TenantKv tenantKv =
          kv.orElseThrow(
              () ->
                  new Unprovisionable(
                      PaymentWebhookStatusModel.VAULT_NOT_CONFIGURED,
                      "signingSecret.vault needs Rampart to be connected to Vault; use"
                          + " signingSecret.secretRef instead"));
      String location = kvLocation(tenant, vault.getPath(), vault.getKey());
      TenantKv.Entry entry =
          tenantKv
              .read(tenant, webhook.getMetadata().getNamespace(), vault)
              .orElseThrow(() -> notFound("Vault has no entry at " + location));
      String value =
          text(entry.data().path(vault.getKey()))
              .orElseThrow(() -> notFound("the Vault entry has no text at " + location));
      return new Resolved(
          new Source(OptionalLong.of(entry.version()), value), Optional.empty(), location);
    }
    SecretKeyRef ref = webhook.getSpec().getSigningSecret().getSecretRef();
    String location = "Secret " + ref.getName() + " (key " + ref.getKey() + ")";
    String value =
        secretValue(client, webhook, ref)
            .orElseThrow(() -> notFound(location + " not found or empty"));
    return new Resolved(new Source(OptionalLong.empty(), value), Optional.empty(), location);
  }

  /**
   * The latest version of the generated secret in the tenant's KV; a new version when there is none
   * or the rotation annotation asks for one the entry was not made for. The request is recorded in
   * the entry itself, so a rotation is done once even if the status is never written.
   */
  private Resolved generatedInVault(PaymentWebhook webhook, String tenant, TenantKv tenantKv) {
    String namespace = webhook.getMetadata().getNamespace();
    String path = GatewayNames.generatedKvPath(webhook);
    Optional<String> rotation = rotation(webhook);
    Optional<TenantKv.Entry> entry =
        tenantKv.read(tenant, namespace, new VaultKey(path, KV_SECRET));
    Optional<String> value = entry.flatMap(e -> text(e.data().path(KV_SECRET)));
    Optional<String> answered = entry.flatMap(e -> text(e.data().path(KV_ROTATION)));
    String location = kvLocation(tenant, path, KV_SECRET);
    if (value.isPresent() && !GeneratedSigning.rotationDue(rotation, answered)) {
      return new Resolved(
          new Source(OptionalLong.of(entry.get().version()), value.get()),
          Optional.empty(),
          location);
    }
    String generated = GatewaySecrets.generate(random);
    Map<String, String> data = new LinkedHashMap<>();
    data.put(KV_SECRET, generated);
    rotation.ifPresent(token -> data.put(KV_ROTATION, token));
    long version = tenantKv.write(tenant, namespace, path, data);
    return new Resolved(
        new Source(OptionalLong.of(version), generated), Optional.empty(), location);
  }

  /**
   * The generated secret in {@code <name>-signing}. When that Secret is gone but the gateway's
   * Secret still has the current version, it is restored from there rather than replaced.
   */
  private Resolved generatedInSecret(
      PaymentWebhook webhook, Optional<State> rendered, Optional<Secret> store) {
    Generated generated =
        GeneratedSigning.next(
            store.flatMap(GatewaySecrets::generated),
            rendered,
            rotation(webhook),
            () -> GatewaySecrets.generate(random));
    return new Resolved(
        new Source(OptionalLong.of(generated.version().number()), generated.version().value()),
        Optional.of(generated),
        "Secret "
            + GatewayNames.generatedSigning(webhook)
            + " (key "
            + GatewaySecrets.SIGNING_SECRET_KEY
            + ")");
  }

  /** The text of a key of a Secret in the PaymentWebhook's namespace, when it has some. */
  static Optional<String> secretValue(
      KubernetesClient client, PaymentWebhook webhook, SecretKeyRef ref) {
    Secret secret =
        client
            .secrets()
            .inNamespace(webhook.getMetadata().getNamespace())
            .withName(ref.getName())
            .get();
    return GatewaySecrets.value(secret, ref.getKey()).filter(v -> !v.isEmpty());
  }

  private static Optional<String> rotation(PaymentWebhook webhook) {
    Map<String, String> annotations = webhook.getMetadata().getAnnotations();
    return Optional.ofNullable(
            annotations == null ? null : annotations.get(PaymentWebhook.ROTATE_ANNOTATION))
        .filter(token -> !token.isBlank());
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  private static String kvLocation(String tenant, String path, String key) {
    return "Vault "
        + TenantVaultModel.KV
        + "/data/tenants/"
        + tenant
        + "/"
        + path
        + " (key "
        + key
        + ")";
  }

  private static Unprovisionable notFound(String message) {
    return new Unprovisionable(PaymentWebhookStatusModel.SECRET_NOT_FOUND, message);
  }
}
