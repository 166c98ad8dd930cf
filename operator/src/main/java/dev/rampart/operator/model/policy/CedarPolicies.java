package dev.rampart.operator.model.policy;

import dev.rampart.operator.model.auth.LoginFlow;
import dev.rampart.operator.model.policy.PolicyRole.Conditions;
import dev.rampart.operator.model.policy.PolicyRole.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A tenant's roles as Cedar permits, to go beside {@code policies/cedar/library.cedar}. Cedar
 * cannot read roles as data the way Rego does (it has no quantifier over a set of records), so each
 * permission becomes one permit per action, its conditions spelled out. They decide as {@code
 * policies/rego/rampart/authz.rego} does on the same roles.
 */
public final class CedarPolicies {

  /** Authentication methods (RFC 8176) that count as a second factor; the Rego half's too. */
  static final List<String> MULTI_FACTOR = List.of("hwk", "mfa", "otp", "sc", "swk");

  /** The acr of a login that passed the tenant realm's second factor; the Rego half's too. */
  static final String MFA_ACR = LoginFlow.MFA_ACR;

  private CedarPolicies() {}

  /** The policies of {@code policy}'s tenant: the tenant its decision point serves, its permits. */
  public static String of(TenantPolicy policy) {
    return servedTenant(policy.tenant()) + "\n\n" + permits(policy.roles());
  }

  /**
   * A decision point allows on its own tenant's resources alone: the roles are that tenant's, even
   * where a request names another tenant for both the principal and the resource.
   */
  static String servedTenant(String tenant) {
    return "@id(\"served-tenant\")\nforbid (principal, action, resource)\n"
        + "unless { resource.tenant == "
        + literal(tenant)
        + " };";
  }

  public static String permits(List<PolicyRole> roles) {
    List<String> policies = new ArrayList<>();
    for (PolicyRole role : roles) {
      for (int index = 0; index < role.permissions().size(); index++) {
        Permission permission = role.permissions().get(index);
        for (String action : permission.actions()) {
          policies.add(permit(role, index, permission, action));
        }
      }
    }
    return String.join("\n\n", policies) + "\n";
  }

  private static String permit(PolicyRole role, int index, Permission permission, String action) {
    List<String> when = new ArrayList<>();
    when.add("resource.type == " + literal(permission.resource()));
    Conditions conditions = permission.conditions();
    if (conditions.sameDepartment()) {
      when.add("principal.department == resource.department");
    }
    conditions
        .regions()
        .ifPresent(regions -> when.add(set(regions) + ".contains(resource.region)"));
    conditions
        .maxSensitivity()
        .ifPresent(level -> when.add("resource.sensitivity <= " + level.ordinal()));
    if (conditions.ownerOnly()) {
      when.add("resource.owner == principal");
    }
    if (role.requireMfa()) {
      when.add(
          "(context.amr.containsAny("
              + set(MULTI_FACTOR)
              + ") || context.acr == "
              + literal(MFA_ACR)
              + ")");
    }
    String scope = literal(permission.resource() + ":" + action);
    when.add(
        "(if context has agent then context.agent.scopes.contains("
            + scope
            + ") && context.agent.declared.scopes.contains("
            + scope
            + ") else true)");
    return "@id("
        + literal("role " + role.name() + " permission " + index + " " + action)
        + ")\npermit (\n  principal in Rampart::Role::"
        + literal(role.name())
        + ",\n  action == Rampart::Action::"
        + literal(action)
        + ",\n  resource is Rampart::Resource\n)\nwhen {\n  "
        + String.join("\n  && ", when)
        + "\n};";
  }

  private static String set(List<String> values) {
    return values.stream().map(CedarPolicies::literal).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A Cedar string literal. */
  static String literal(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
