package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhookStatus;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.TenantNamespaces;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The status a PaymentWebhook should show. Messages name secrets' places, never their values. */
public final class PaymentWebhookStatusModel {

  public static final String PROVISIONED = "Provisioned";
  public static final String NOT_IN_TENANT_NAMESPACE = "NotInTenantNamespace";
  public static final String PATH_CONFLICT = "PathConflict";
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String VAULT_UNAVAILABLE = "VaultUnavailable";
  public static final String VAULT_REFUSED = "VaultRefused";
  public static final String VAULT_NOT_CONFIGURED = "VaultNotConfigured";
  public static final String FORWARD_TARGET_NOT_FOUND = "ForwardTargetNotFound";
  public static final String NAME_CONFLICT = "NameConflict";
  public static final String POLICY_DECISION_POINT_NOT_FOUND = "PolicyDecisionPointNotFound";
  public static final String ADMIN_CLIENT_NOT_READY = "AdminClientNotReady";
  public static final String APPLY_FAILED = "ApplyFailed";
  public static final String NAMESPACE_ACCESS_PENDING = TenantNamespaces.ACCESS_PENDING;

  private PaymentWebhookStatusModel() {}

  /**
   * The gateway is provisioned with {@code signing}; Ready unless {@code forwardProblem} says the
   * forward target is missing (events are then recorded but cannot be delivered).
   */
  public static PaymentWebhookStatus provisioned(
      PaymentWebhook webhook,
      State signing,
      String location,
      Optional<String> forwardProblem,
      Instant now) {
    PaymentWebhookStatus status =
        forwardProblem
            .map(problem -> status(webhook, false, FORWARD_TARGET_NOT_FOUND, problem, now))
            .orElseGet(
                () ->
                    status(
                        webhook,
                        true,
                        PROVISIONED,
                        "gateway "
                            + GatewayNames.gateway(webhook)
                            + " receives "
                            + webhook.getSpec().getProvider().value()
                            + " webhooks on "
                            + webhook.getSpec().getPath()
                            + " with signing secret version "
                            + signing.current().number(),
                        now));
    status.setEndpoint(GatewayService.endpoint(webhook));
    status.setActiveSecretVersion(signing.current().number());
    signing
        .previous()
        .ifPresent(
            p -> {
              status.setPreviousSecretVersion(p.version().number());
              status.setPreviousSecretValidUntil(p.validUntil().toString());
            });
    status.setSigningSecretLocation(location);
    return status;
  }

  /** Ready=False; what was provisioned before stays recorded (and in place). */
  public static PaymentWebhookStatus failed(
      PaymentWebhook webhook, String reason, String message, Instant now) {
    PaymentWebhookStatus status = status(webhook, false, reason, message, now);
    PaymentWebhookStatus previous = webhook.getStatus();
    if (previous != null) {
      status.setEndpoint(previous.getEndpoint());
      status.setActiveSecretVersion(previous.getActiveSecretVersion());
      status.setPreviousSecretVersion(previous.getPreviousSecretVersion());
      status.setPreviousSecretValidUntil(previous.getPreviousSecretValidUntil());
      status.setSigningSecretLocation(previous.getSigningSecretLocation());
    }
    return status;
  }

  private static PaymentWebhookStatus status(
      PaymentWebhook webhook, boolean ready, String reason, String message, Instant now) {
    long generation =
        webhook.getMetadata().getGeneration() == null ? 0 : webhook.getMetadata().getGeneration();
    List<Condition> current =
        webhook.getStatus() == null ? List.of() : webhook.getStatus().getConditions();
    PaymentWebhookStatus status = new PaymentWebhookStatus();
    status.setObservedGeneration(generation);
    status.setConditions(
        Conditions.with(current, Conditions.READY, ready, reason, message, generation, now));
    return status;
  }
}
