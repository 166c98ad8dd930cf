package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.ConditionedStatus;
import dev.rampart.operator.api.auth.AuthStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

public class TenantStatus extends ConditionedStatus {

  @Override
  @JsonPropertyDescription(
      "Ready tells whether the tenant is provisioned and isolated; NamespaceConflict is True while"
          + " a listed namespace exists and belongs to someone else; VaultReady tells whether the"
          + " tenant's Vault key, policy and role are in place.")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription("The namespaces Rampart provisioned for the tenant.")
  private List<String> namespaces = new ArrayList<>();

  @JsonPropertyDescription("What the tenant has in Vault, when Rampart is connected to Vault.")
  private VaultStatus vault;

  @JsonPropertyDescription(
      "True while the tenant's namespaces carry rampart.dev/prevent-deletion, so the API server"
          + " refuses to delete them. The Tenant itself can be deleted only once this is false:"
          + " its garbage-collected namespaces must not be refused.")
  private boolean namespacesProtected;

  @JsonPropertyDescription("How many namespaces the tenant has (for kubectl get).")
  private Integer namespaceCount;

  // Written by the tenantauth reconciler alone, with a merge patch of this field: the tenant
  // reconciler neither sends it nor compares it.
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyDescription("The tenant's Keycloak realm, when spec.auth asks for one.")
  private AuthStatus auth;

  public AuthStatus getAuth() {
    return auth;
  }

  public void setAuth(AuthStatus auth) {
    this.auth = auth;
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
        && sameConditions(other)
        && Objects.equals(namespaces, other.namespaces)
        && Objects.equals(vault, other.vault)
        && Objects.equals(namespaceCount, other.namespaceCount)
        && namespacesProtected == other.namespacesProtected;
  }

  @Override
  public int hashCode() {
    return Objects.hash(conditionsHash(), namespaces, vault, namespaceCount, namespacesProtected);
  }

  public boolean isNamespacesProtected() {
    return namespacesProtected;
  }

  public void setNamespacesProtected(boolean namespacesProtected) {
    this.namespacesProtected = namespacesProtected;
  }
}
