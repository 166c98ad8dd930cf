package dev.rampart.operator.model.policy;

import dev.rampart.operator.model.policy.PolicyRole.Conditions;
import dev.rampart.operator.model.policy.PolicyRole.Permission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tenant's policy as the Rego half of the policy library reads it: {@code data.rampart}, with the
 * tenant it is for, the roles, the roles bound to users and groups, and each agent's declared
 * scopes.
 */
public final class PolicyData {

  private PolicyData() {}

  /** The document that goes at {@code data.rampart}, as JSON-ready maps and lists. */
  public static Map<String, Object> rampart(TenantPolicy policy) {
    Map<String, Object> byName = new TreeMap<>();
    for (PolicyRole role : policy.roles()) {
      byName.put(
          role.name(),
          Map.of(
              "requireMfa",
              role.requireMfa(),
              "permissions",
              role.permissions().stream().map(PolicyData::permission).toList()));
    }
    Map<String, Object> agents = new TreeMap<>();
    policy.agents().forEach((id, scopes) -> agents.put(id, Map.of("scopes", sorted(scopes))));
    return Map.of(
        "tenant",
        policy.tenant(),
        "roles",
        byName,
        "subjects",
        Map.of("users", sorted(policy.users()), "groups", sorted(policy.groups())),
        "agents",
        agents);
  }

  private static Map<String, List<String>> sorted(Map<String, Set<String>> bindings) {
    Map<String, List<String>> json = new TreeMap<>();
    bindings.forEach((subject, roles) -> json.put(subject, sorted(roles)));
    return json;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
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
