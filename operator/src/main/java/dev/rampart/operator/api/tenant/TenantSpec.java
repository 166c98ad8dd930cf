package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.auth.Auth;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

public class TenantSpec {

  /** A DNS label, as namespace names must be. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @Required
  @Size(min = 1, max = 32)
  @JsonPropertyDescription(
      "Who owns the tenant. Owners may run workloads in the tenant's namespaces but cannot weaken"
          + " their isolation (NetworkPolicies, quotas, LimitRanges, namespace labels and RBAC"
          + " stay under Rampart's control).")
  private List<Owner> owners = new ArrayList<>();

  @Size(max = 16)
  @ValidationRule(
      value = "self.all(n, self.exists_one(m, m == n))",
      message = "namespaces must not repeat")
  @ValidationRule(
      value =
          "self.all(n, !(n in ['default', 'kube-system', 'kube-public', 'kube-node-lease'])"
              + " && !n.startsWith('kube-'))",
      message = "a tenant cannot own default, kube-system, kube-public or any kube-* namespace")
  @JsonPropertyDescription(
      "The tenant's namespaces. Defaults to one namespace named after the tenant (so a Tenant"
          + " named default, kube-system, kube-public or kube-* must list them). Rampart never"
          + " adopts a namespace that exists and is not this tenant's (condition"
          + " NamespaceConflict).")
  private List<@Size(max = 63) @Pattern(DNS_LABEL) String> namespaces;

  @JsonPropertyDescription("Hard limits of the ResourceQuota placed in every tenant namespace.")
  private Quota quota;

  @JsonPropertyDescription(
      "Container defaults and maximum of the LimitRange placed in every tenant namespace.")
  private Limits limits;

  @JsonPropertyDescription(
      "What may cross the tenant's default-deny network boundary besides same-tenant traffic and"
          + " DNS.")
  private Network network;

  @JsonPropertyDescription(
      "The tenant's envelope-encryption key in Vault (when Rampart is connected to Vault).")
  private Encryption encryption = new Encryption();

  @JsonPropertyDescription("Where the tenant's data must stay.")
  private DataResidency dataResidency;

  @JsonPropertyDescription(
      "The most sensitive class of data the tenant holds: public, internal, confidential or"
          + " restricted. Recorded as a namespace label for policies to select on.")
  private DataClassification dataClassification = DataClassification.INTERNAL;

  @JsonPropertyDescription(
      "When true, the API server refuses to delete this Tenant and each of its namespaces, so"
          + " their data stays. Set it to false first to delete the tenant on purpose.")
  private boolean preventDeletion;

  @JsonPropertyDescription(
      "What Rampart does about a RoleBinding in the tenant's namespaces that it did not write and"
          + " that grants more than the tenant owner role: report (a Warning Event, the"
          + " rampart_rbac_drift metric and ConfigMap rampart-rbac-drift) or enforce (report, and"
          + " delete the binding). Default report.")
  private PermissionDrift permissionDrift = PermissionDrift.REPORT;

  @JsonPropertyDescription(
      "The tenant's Keycloak realm, with Rampart's secure defaults (when Rampart is connected to"
          + " Keycloak). Applications get clients in it through OidcClients.")
  private Auth auth;

  public Auth getAuth() {
    return auth;
  }

  public void setAuth(Auth auth) {
    this.auth = auth;
  }

  public PermissionDrift getPermissionDrift() {
    return permissionDrift;
  }

  public void setPermissionDrift(PermissionDrift permissionDrift) {
    this.permissionDrift = permissionDrift;
  }

  public List<Owner> getOwners() {
    return owners;
  }

  public void setOwners(List<Owner> owners) {
    this.owners = owners;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public Quota getQuota() {
    return quota;
  }

  public void setQuota(Quota quota) {
    this.quota = quota;
  }

  public Limits getLimits() {
    return limits;
  }

  public void setLimits(Limits limits) {
    this.limits = limits;
  }

  public Network getNetwork() {
    return network;
  }

  public void setNetwork(Network network) {
    this.network = network;
  }

  public Encryption getEncryption() {
    return encryption;
  }

  public void setEncryption(Encryption encryption) {
    this.encryption = encryption;
  }

  public DataResidency getDataResidency() {
    return dataResidency;
  }

  public void setDataResidency(DataResidency dataResidency) {
    this.dataResidency = dataResidency;
  }

  public DataClassification getDataClassification() {
    return dataClassification;
  }

  public void setDataClassification(DataClassification dataClassification) {
    this.dataClassification = dataClassification;
  }

  public boolean isPreventDeletion() {
    return preventDeletion;
  }

  public void setPreventDeletion(boolean preventDeletion) {
    this.preventDeletion = preventDeletion;
  }
}
