package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The Vault lease of database credentials. Never the credentials themselves. */
public class LeaseStatus {

  // A lease id names a lease, it does not grant anything: renewing or revoking it needs a Vault
  // token whose policy allows it. It is kept so that a restarted operator can still revoke it.
  @JsonPropertyDescription(
      "The Vault lease id (not a credential: using it needs the tenant's Vault token).")
  private String id;

  @JsonPropertyDescription(
      "How long the credentials were valid when issued, in seconds: the lease's TTL, or less when"
          + " the Vault token that owns the lease expires sooner.")
  private Long durationSeconds;

  @JsonPropertyDescription("When these credentials were issued (RFC 3339).")
  private String issuedAt;

  @JsonPropertyDescription("When the lease was last renewed (RFC 3339); absent before.")
  private String renewedAt;

  @JsonPropertyDescription(
      "When the credentials expire unless renewed (RFC 3339): the lease's end, or its owning"
          + " token's when that comes first.")
  private String expiresAt;

  // Vault revokes a lease together with the token that created it, so each lease gets a login of
  // its own that Rampart renews alongside it, by accessor (which also works after a restart). An
  // accessor cannot be used to authenticate.
  @JsonPropertyDescription(
      "Accessor of the Vault token that owns the lease (not a credential: it cannot"
          + " authenticate).")
  private String ownerTokenAccessor;

  public LeaseStatus() {}

  public LeaseStatus(
      String id,
      Long durationSeconds,
      String issuedAt,
      String renewedAt,
      String expiresAt,
      String ownerTokenAccessor) {
    this.id = id;
    this.durationSeconds = durationSeconds;
    this.issuedAt = issuedAt;
    this.renewedAt = renewedAt;
    this.expiresAt = expiresAt;
    this.ownerTokenAccessor = ownerTokenAccessor;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public Long getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Long durationSeconds) {
    this.durationSeconds = durationSeconds;
  }

  public String getIssuedAt() {
    return issuedAt;
  }

  public void setIssuedAt(String issuedAt) {
    this.issuedAt = issuedAt;
  }

  public String getRenewedAt() {
    return renewedAt;
  }

  public void setRenewedAt(String renewedAt) {
    this.renewedAt = renewedAt;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getOwnerTokenAccessor() {
    return ownerTokenAccessor;
  }

  public void setOwnerTokenAccessor(String ownerTokenAccessor) {
    this.ownerTokenAccessor = ownerTokenAccessor;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LeaseStatus other
        && Objects.equals(id, other.id)
        && Objects.equals(durationSeconds, other.durationSeconds)
        && Objects.equals(issuedAt, other.issuedAt)
        && Objects.equals(renewedAt, other.renewedAt)
        && Objects.equals(expiresAt, other.expiresAt)
        && Objects.equals(ownerTokenAccessor, other.ownerTokenAccessor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, durationSeconds, issuedAt, renewedAt, expiresAt, ownerTokenAccessor);
  }
}
