package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

public class TenantStatus {

  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready tells whether the tenant is provisioned and isolated; NamespaceConflict is True while"
          + " a listed namespace exists and belongs to someone else; VaultReady tells whether the"
          + " tenant's Vault key, policy and role are in place.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The namespaces Rampart provisioned for the tenant.")
  private List<String> namespaces = new ArrayList<>();

  @JsonPropertyDescription("What the tenant has in Vault, when Rampart is connected to Vault.")
  private VaultStatus vault;

  @JsonPropertyDescription("How many namespaces the tenant has (for kubectl get).")
  private Integer namespaceCount;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public VaultStatus getVault() {
    return vault;
  }

  public void setVault(VaultStatus vault) {
    this.vault = vault;
  }

  public Integer getNamespaceCount() {
    return namespaceCount;
  }

  public void setNamespaceCount(Integer namespaceCount) {
    this.namespaceCount = namespaceCount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantStatus other
        && Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(namespaces, other.namespaces)
        && Objects.equals(vault, other.vault)
        && Objects.equals(namespaceCount, other.namespaceCount);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, namespaces, vault, namespaceCount);
  }
}
