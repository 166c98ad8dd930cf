package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A role of a tenant: what it permits on which resources and under which attribute conditions, who
 * holds it, and the tests that must hold before a change to it is served. Rampart compiles all
 * TenantRoles of a tenant into the tenant's policy bundle (OPA data and Cedar policies) and the
 * roles' Kubernetes rules into Roles and RoleBindings.
 */
@Group("rampart.dev")
@Version("v1alpha1")
@ShortNames("trole")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Tests",
    jsonPath = ".status.tests",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Bundle",
    jsonPath = ".status.bundleRevision",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value =
        "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <="
            + " 50",
    message =
        "a TenantRole's name must be a DNS label starting with a letter, at most 50 characters:"
            + " it names the role in policies and its Role, rampart-role-<name>")
public class TenantRole extends CustomResource<TenantRoleSpec, TenantRoleStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "The role's permissions, subjects, Kubernetes rules and the tests that gate its rollout.")
  public TenantRoleSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What Rampart compiled, tested and serves; written by Rampart only.")
  public TenantRoleStatus getStatus() {
    return super.getStatus();
  }
}
