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
          + " NotInTenant (this namespace belongs to no tenant) or SecretConflict (a Secret of"
          + " that name exists and is not Rampart's).")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription("The client id applications use: <namespace>.<name>.")
  private String clientId;

  @JsonPropertyDescription("The realm's issuer, where discovery and the JWKS live.")
  private String issuer;

  @JsonPropertyDescription("The Secret holding a confidential client's credentials.")
  private String secretName;

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
        && Objects.equals(secretName, other.secretName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(conditionsHash(), clientId, issuer, secretName);
  }
}
