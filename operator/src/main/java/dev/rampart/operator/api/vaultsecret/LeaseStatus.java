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

  @JsonPropertyDescription("The lease's TTL in seconds when the credentials were issued.")
  private Long durationSeconds;

  @JsonPropertyDescription("When these credentials were issued (RFC 3339).")
  private String issuedAt;

  @JsonPropertyDescription("When the lease was last renewed (RFC 3339); absent before.")
  private String renewedAt;

  @JsonPropertyDescription("When the lease expires unless renewed (RFC 3339).")
  private String expiresAt;

  public LeaseStatus() {}

  public LeaseStatus(
      String id, Long durationSeconds, String issuedAt, String renewedAt, String expiresAt) {
    this.id = id;
    this.durationSeconds = durationSeconds;
    this.issuedAt = issuedAt;
    this.renewedAt = renewedAt;
    this.expiresAt = expiresAt;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof LeaseStatus other
        && Objects.equals(id, other.id)
        && Objects.equals(durationSeconds, other.durationSeconds)
        && Objects.equals(issuedAt, other.issuedAt)
        && Objects.equals(renewedAt, other.renewedAt)
        && Objects.equals(expiresAt, other.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, durationSeconds, issuedAt, renewedAt, expiresAt);
  }
}
