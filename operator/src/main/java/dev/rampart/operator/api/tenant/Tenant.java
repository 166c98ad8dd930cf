package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A tenant: its namespaces, owners, quota and network isolation. Cluster-scoped. */
@Group("rampart.dev")
@Version("v1alpha1")
@ShortNames("tn")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Namespaces",
    jsonPath = ".status.namespaceCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Region",
    jsonPath = ".spec.dataResidency.region",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value =
        "self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <= 63",
    message =
        "a Tenant's name must be a DNS label (at most 63 lower-case letters, digits and '-', starting"
            + " and ending with a letter or digit): it names the tenant's default namespace")
// A reserved name cannot be the default namespace either. A Tenant that already broke this rule
// when it was added (oldSelf) may still be updated, so that Rampart can report on it and remove
// its finalizer.
@ValidationRule(
    value =
        "!(self.metadata.name in ['default', 'kube-system', 'kube-public']"
            + " || self.metadata.name.startsWith('kube-'))"
            + " || has(self.spec) && has(self.spec.namespaces) && size(self.spec.namespaces) > 0"
            + " || oldSelf.hasValue() && !(has(oldSelf.value().spec)"
            + " && has(oldSelf.value().spec.namespaces)"
            + " && size(oldSelf.value().spec.namespaces) > 0)",
    optionalOldSelf = true,
    message =
        "a Tenant named default, kube-system, kube-public or kube-* must list spec.namespaces: its"
            + " default namespace, named after it, would be a system namespace")
public class Tenant extends CustomResource<TenantSpec, TenantStatus> {

  /** The label every object Rampart provisions for a tenant carries; its value is the tenant. */
  public static final String TENANT_LABEL = "rampart.dev/tenant";

  @Override
  @JsonPropertyDescription(
      "Who owns the tenant, its namespaces, and what may cross its isolation boundary.")
  public TenantSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What Rampart observed and did for this tenant; written by Rampart only.")
  public TenantStatus getStatus() {
    return super.getStatus();
  }

  /** The namespaces of this tenant: those listed, or one named after the tenant. */
  public java.util.List<String> namespaceNames() {
    TenantSpec spec = getSpec();
    if (spec == null || spec.getNamespaces() == null || spec.getNamespaces().isEmpty()) {
      return java.util.List.of(getMetadata().getName());
    }
    return spec.getNamespaces();
  }
}
