package dev.rampart.operator.model.policy;

import dev.rampart.operator.model.Labels;
import java.util.Map;

/**
 * Labels of what Rampart compiles from a tenant's TenantRoles. Not {@link Labels#TENANT}: those
 * objects are the Tenant's children too, and must not look like the ones the Tenant reconciler
 * keeps (it would delete them as undeclared).
 */
public final class PolicyLabels {

  /** Its value is the Tenant whose roles an object was compiled from. */
  public static final String POLICY_OF = "rampart.dev/policy-of";

  /** Its value is the TenantRole a Role or RoleBinding grants. */
  public static final String TENANT_ROLE = "rampart.dev/tenant-role";

  private PolicyLabels() {}

  public static Map<String, String> of(String tenant) {
    return Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_RAMPART, POLICY_OF, tenant);
  }

  static Map<String, String> of(String tenant, String role) {
    return Map.of(
        Labels.MANAGED_BY, Labels.MANAGED_BY_RAMPART, POLICY_OF, tenant, TENANT_ROLE, role);
  }
}
