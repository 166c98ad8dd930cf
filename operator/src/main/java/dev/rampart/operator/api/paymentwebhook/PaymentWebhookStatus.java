package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.ConditionedStatus;
import java.util.List;
import java.util.Objects;

/** What Rampart provisioned. Never a secret: versions and where to find them only. */
public class PaymentWebhookStatus extends ConditionedStatus {

  @Override
  @JsonPropertyDescription(
      "Ready tells whether the gateway is provisioned as declared; its reason is Provisioned,"
          + " NotInTenantNamespace, PathConflict (an older PaymentWebhook of the namespace has"
          + " this path), SecretNotFound (a signing secret, ledger credentials or admin tokens"
          + " missing), VaultUnavailable, VaultRefused, VaultNotConfigured,"
          + " ForwardTargetNotFound (provisioned, but the forward Service or its port is missing)"
          + ", NameConflict (an object the gateway needs exists and is not this PaymentWebhook's),"
          + " PolicyDecisionPointNotFound (adminAuthorization is policy and the tenant has no"
          + " namespace yet)"
          + " or ApplyFailed (the API server refused a write).")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription(
      "The URL the gateway receives these webhooks on inside the cluster (its Service and path).")
  private String endpoint;

  @JsonPropertyDescription("The version of the signing secret new signatures must use.")
  private Long activeSecretVersion;

  @JsonPropertyDescription("The previous version, still verifying until previousSecretValidUntil.")
  private Long previousSecretVersion;

  @JsonPropertyDescription("When the previous version stops verifying (RFC 3339).")
  private String previousSecretValidUntil;

  @JsonPropertyDescription(
      "Where the signing secret is: the Vault KV entry (key signingSecret) or the Secret (key"
          + " signing-secret) Rampart generated it in, or the source named in the spec.")
  private String signingSecretLocation;

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public Long getActiveSecretVersion() {
    return activeSecretVersion;
  }

  public void setActiveSecretVersion(Long activeSecretVersion) {
    this.activeSecretVersion = activeSecretVersion;
  }

  public Long getPreviousSecretVersion() {
    return previousSecretVersion;
  }

  public void setPreviousSecretVersion(Long previousSecretVersion) {
    this.previousSecretVersion = previousSecretVersion;
  }

  public String getPreviousSecretValidUntil() {
    return previousSecretValidUntil;
  }

  public void setPreviousSecretValidUntil(String previousSecretValidUntil) {
    this.previousSecretValidUntil = previousSecretValidUntil;
  }

  public String getSigningSecretLocation() {
    return signingSecretLocation;
  }

  public void setSigningSecretLocation(String signingSecretLocation) {
    this.signingSecretLocation = signingSecretLocation;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PaymentWebhookStatus other
        && sameConditions(other)
        && Objects.equals(endpoint, other.endpoint)
        && Objects.equals(activeSecretVersion, other.activeSecretVersion)
        && Objects.equals(previousSecretVersion, other.previousSecretVersion)
        && Objects.equals(previousSecretValidUntil, other.previousSecretValidUntil)
        && Objects.equals(signingSecretLocation, other.signingSecretLocation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        conditionsHash(),
        endpoint,
        activeSecretVersion,
        previousSecretVersion,
        previousSecretValidUntil,
        signingSecretLocation);
  }
}
