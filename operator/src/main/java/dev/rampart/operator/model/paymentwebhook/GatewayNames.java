package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and labels of what a PaymentWebhook provisions. Never the tenant label: the Tenant
 * reconciler prunes objects carrying it that it did not declare.
 */
public final class GatewayNames {

  public static final String APP_NAME = "app.kubernetes.io/name";
  public static final String APP = "billing-gateway";

  private GatewayNames() {}

  /** The Deployment, Service, ConfigMap, NetworkPolicy and Secret of the gateway. */
  public static String gateway(PaymentWebhook webhook) {
    return webhook.getMetadata().getName() + "-gateway";
  }

  /** The Secret the tenant's application verifies forwarded events with. */
  public static String forwardSigning(PaymentWebhook webhook) {
    return webhook.getMetadata().getName() + "-forward-signing";
  }

  /** The Secret holding a generated signing secret when Rampart has no Vault. */
  public static String generatedSigning(PaymentWebhook webhook) {
    return webhook.getMetadata().getName() + "-signing";
  }

  /**
   * Where a generated signing secret lives in the tenant's KV, relative to its prefix: per
   * namespace, as several namespaces of a tenant may have PaymentWebhooks of the same name.
   */
  public static String generatedKvPath(PaymentWebhook webhook) {
    return "payment-webhooks/"
        + webhook.getMetadata().getNamespace()
        + "/"
        + webhook.getMetadata().getName();
  }

  /** Selects the gateway's pods. */
  public static Map<String, String> selector(PaymentWebhook webhook) {
    return Map.of(APP_NAME, APP, PaymentWebhook.LABEL, webhook.getMetadata().getName());
  }

  /** The selector plus Rampart's managed-by label. */
  public static Map<String, String> labels(PaymentWebhook webhook) {
    Map<String, String> labels = new LinkedHashMap<>(selector(webhook));
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_RAMPART);
    return labels;
  }

  /** Metadata of an object named {@code name}, owned by the PaymentWebhook. */
  public static ObjectMeta metadata(PaymentWebhook webhook, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(webhook.getMetadata().getNamespace())
        .withLabels(labels(webhook))
        .withOwnerReferences(Owners.controller(webhook))
        .build();
  }
}
