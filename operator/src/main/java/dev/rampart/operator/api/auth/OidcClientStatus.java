package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.ConditionedStatus;
import java.util.List;
import java.util.Objects;

public class OidcClientStatus extends ConditionedStatus {

  @Override
  @JsonPropertyDescription(
      "Ready tells whether the client exists in the realm as the spec says: reason Converged, or"
          + " RealmNotReady (the tenant has no realm yet: spec.auth), AuthUnavailable, AuthRefused,"
          + " NotInTenant (this namespace belongs to no tenant), SecretConflict (a Secret of"
          + " that name exists and is not Rampart's), SecretRotationRefused (annotation"
          + " rampart.dev/rotate-secret is not a time, or one in the future), VaultNotConfigured,"
          + " VaultUnavailable or VaultRefused (spec.vault).")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription("The client id applications use: <namespace>.<name>.")
  private String clientId;

  @JsonPropertyDescription("The realm's issuer, where discovery and the JWKS live.")
  private String issuer;

  @JsonPropertyDescription("The Secret holding a confidential client's credentials.")
  private String secretName;

  @JsonPropertyDescription(
      "The tenant's KV entry holding a confidential client's credentials, with spec.vault:"
          + " tenants/<tenant>/<path> of the KV mount.")
  private String vaultPath;

  public String getVaultPath() {
    return vaultPath;
  }

  public void setVaultPath(String vaultPath) {
    this.vaultPath = vaultPath;
  }

  @JsonPropertyDescription("When the client's current secret was made (a confidential client).")
  private String secretCreated;

  @JsonPropertyDescription(
      "When Rampart replaces the secret: its maxAge minus overlap after it was made, under the"
          + " realm's spec.auth.clientSecretRotation.")
  private String secretReplaceAt;

  public String getSecretCreated() {
    return secretCreated;
  }

  public void setSecretCreated(String secretCreated) {
    this.secretCreated = secretCreated;
  }

  public String getSecretReplaceAt() {
    return secretReplaceAt;
  }

  public void setSecretReplaceAt(String secretReplaceAt) {
    this.secretReplaceAt = secretReplaceAt;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OidcClientStatus other
        && sameConditions(other)
        && Objects.equals(clientId, other.clientId)
        && Objects.equals(issuer, other.issuer)
        && Objects.equals(secretName, other.secretName)
        && Objects.equals(vaultPath, other.vaultPath)
        && Objects.equals(secretCreated, other.secretCreated)
        && Objects.equals(secretReplaceAt, other.secretReplaceAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        conditionsHash(), clientId, issuer, secretName, vaultPath, secretCreated, secretReplaceAt);
  }
}
