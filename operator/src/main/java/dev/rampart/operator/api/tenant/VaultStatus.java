package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

public class VaultStatus {

  @JsonPropertyDescription("The tenant's transit key, for encrypt/decrypt/rewrap.")
  private String transitKey;

  @JsonPropertyDescription("The Vault policy granting the tenant its own paths only.")
  private String policy;

  @JsonPropertyDescription("The kubernetes-auth role the tenant's service accounts log in with.")
  private String role;

  @JsonPropertyDescription("The tenant's KV v2 prefix under the secret/ mount.")
  private String kvPrefix;

  public VaultStatus() {}

  public VaultStatus(String transitKey, String policy, String role, String kvPrefix) {
    this.transitKey = transitKey;
    this.policy = policy;
    this.role = role;
    this.kvPrefix = kvPrefix;
  }

  public String getTransitKey() {
    return transitKey;
  }

  public void setTransitKey(String transitKey) {
    this.transitKey = transitKey;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getKvPrefix() {
    return kvPrefix;
  }

  public void setKvPrefix(String kvPrefix) {
    this.kvPrefix = kvPrefix;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VaultStatus other
        && Objects.equals(transitKey, other.transitKey)
        && Objects.equals(policy, other.policy)
        && Objects.equals(role, other.role)
        && Objects.equals(kvPrefix, other.kvPrefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(transitKey, policy, role, kvPrefix);
  }
}
