package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.ConditionedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

public class AuthStatus extends ConditionedStatus {

  @Override
  @JsonPropertyDescription(
      "Ready tells whether the realm has what spec.auth says: reason Converged, or"
          + " KeycloakNotConfigured, AuthUnavailable (Keycloak unreachable: nothing is changed,"
          + " Rampart retries), AuthRefused (Keycloak refused a change) or InvalidAuth (the spec"
          + " names something that does not exist).")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription("The tenant's realm in Keycloak.")
  private String realm;

  @JsonPropertyDescription("The issuer of the realm's tokens (iss).")
  private String issuer;

  @JsonPropertyDescription(
      "The realm's signing keys by generation: the active one and the passive ones still"
          + " verifying until their overlap ends.")
  private List<SigningKeyStatus> signingKeys = new ArrayList<>();

  public String getRealm() {
    return realm;
  }

  public void setRealm(String realm) {
    this.realm = realm;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public List<SigningKeyStatus> getSigningKeys() {
    return signingKeys;
  }

  public void setSigningKeys(List<SigningKeyStatus> signingKeys) {
    this.signingKeys = signingKeys;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthStatus other
        && sameConditions(other)
        && Objects.equals(realm, other.realm)
        && Objects.equals(issuer, other.issuer)
        && Objects.equals(signingKeys, other.signingKeys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(conditionsHash(), realm, issuer, signingKeys);
  }
}
