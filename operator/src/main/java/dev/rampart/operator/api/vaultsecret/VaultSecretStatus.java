package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.ConditionedStatus;
import java.util.List;
import java.util.Objects;

public class VaultSecretStatus extends ConditionedStatus {

  @Override
  @JsonPropertyDescription(
      "Ready tells whether the Secret holds the Vault entry; its reason is Synced, NotInATenant,"
          + " VaultUnavailable, VaultRefused, SecretNotFound, SecretConflict (a Secret of that"
          + " name exists and is not this VaultSecret's) or SyncFailed (the API server refused"
          + " a write).")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription("The KV version last read (KV sources only).")
  private Long secretVersion;

  @JsonPropertyDescription("When Rampart last changed the Secret's data (RFC 3339).")
  private String lastSyncTime;

  @JsonPropertyDescription(
      "HMAC-SHA256 of the synced key/value pairs under a key only this operator process holds:"
          + " tells whether the data changed without revealing it.")
  private String dataHmac;

  @JsonPropertyDescription(
      "For a database source: the lease of the credentials in the Secret (never the credentials).")
  private LeaseStatus lease;

  public LeaseStatus getLease() {
    return lease;
  }

  public void setLease(LeaseStatus lease) {
    this.lease = lease;
  }

  public Long getSecretVersion() {
    return secretVersion;
  }

  public void setSecretVersion(Long secretVersion) {
    this.secretVersion = secretVersion;
  }

  public String getLastSyncTime() {
    return lastSyncTime;
  }

  public void setLastSyncTime(String lastSyncTime) {
    this.lastSyncTime = lastSyncTime;
  }

  public String getDataHmac() {
    return dataHmac;
  }

  public void setDataHmac(String dataHmac) {
    this.dataHmac = dataHmac;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VaultSecretStatus other
        && sameConditions(other)
        && Objects.equals(secretVersion, other.secretVersion)
        && Objects.equals(lastSyncTime, other.lastSyncTime)
        && Objects.equals(dataHmac, other.dataHmac)
        && Objects.equals(lease, other.lease);
  }

  @Override
  public int hashCode() {
    return Objects.hash(conditionsHash(), secretVersion, lastSyncTime, dataHmac, lease);
  }
}
