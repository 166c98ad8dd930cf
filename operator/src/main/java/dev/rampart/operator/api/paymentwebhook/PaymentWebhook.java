package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A payment webhook endpoint of a tenant: Rampart provisions a billing gateway for it in the
 * tenant's namespace, which verifies each webhook, records it once in a ledger and forwards it.
 */
@Group("rampart.dev")
@Version("v1alpha1")
@ShortNames("pwh")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Provider",
    jsonPath = ".spec.provider",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Path",
    jsonPath = ".spec.path",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Secret Version",
    jsonPath = ".status.activeSecretVersion",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value =
        "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <="
            + " 55",
    message =
        "a PaymentWebhook's name must be a DNS label starting with a letter, at most 55"
            + " characters: it names the gateway's Service, <name>-gateway")
public class PaymentWebhook extends CustomResource<PaymentWebhookSpec, PaymentWebhookStatus>
    implements Namespaced {

  /** Set on every object provisioned for a PaymentWebhook; its value is the PaymentWebhook. */
  public static final String LABEL = "rampart.dev/payment-webhook";

  /**
   * A new value makes a new version of a generated (Standard Webhooks) signing secret; the previous
   * one keeps verifying for the grace period.
   */
  public static final String ROTATE_ANNOTATION = "rampart.dev/rotate-signing-secret";

  @Override
  @JsonPropertyDescription(
      "The provider, path and signing secret of the webhook, what each event posts to the"
          + " ledger, and where verified events go.")
  public PaymentWebhookSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What Rampart provisioned; written by Rampart only.")
  public PaymentWebhookStatus getStatus() {
    return super.getStatus();
  }
}
