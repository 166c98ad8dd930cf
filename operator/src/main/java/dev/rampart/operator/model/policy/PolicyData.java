package dev.rampart.operator.model.policy;

import dev.rampart.operator.model.policy.PolicyRole.Conditions;
import dev.rampart.operator.model.policy.PolicyRole.Permission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tenant's roles as the Rego half of the policy library reads them: {@code data.rampart}. */
public final class PolicyData {

  private PolicyData() {}

  /** The document that goes at {@code data.rampart}, as JSON-ready maps and lists. */
  public static Map<String, Object> rampart(List<PolicyRole> roles) {
    Map<String, Object> byName = new LinkedHashMap<>();
    for (PolicyRole role : roles) {
      byName.put(
          role.name(),
          Map.of(
              "requireMfa",
              role.requireMfa(),
              "permissions",
              role.permissions().stream().map(PolicyData::permission).toList()));
    }
    return Map.of("roles", byName);
  }

  private static Map<String, Object> permission(Permission permission) {
    return Map.of(
        "resource",
        permission.resource(),
        "actions",
        permission.actions(),
        "conditions",
        conditions(permission.conditions()));
  }

  private static Map<String, Object> conditions(Conditions conditions) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sameDepartment", conditions.sameDepartment());
    json.put("ownerOnly", conditions.ownerOnly());
    conditions.regions().ifPresent(regions -> json.put("regions", regions));
    conditions
        .maxSensitivity()
        .ifPresent(sensitivity -> json.put("maxSensitivity", sensitivity.label()));
    return json;
  }
}
