package dev.rampart.operator.model.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a tenant's TenantRoles say, as the policy library decides on it: the roles, who holds them,
 * and the scopes each AI agent is declared with.
 *
 * @param tenant the tenant whose roles these are: its decision point allows on its resources alone
 * @param users user id → the roles bound to it
 * @param groups group → the roles bound to it
 * @param agents agent id → the scopes its roles declare ({@code <resource>:<action>})
 */
public record TenantPolicy(
    String tenant,
    List<PolicyRole> roles,
    Map<String, Set<String>> users,
    Map<String, Set<String>> groups,
    Map<String, Set<String>> agents) {

  public TenantPolicy {
    roles = List.copyOf(roles);
    users = Map.copyOf(users);
    groups = Map.copyOf(groups);
    agents = Map.copyOf(agents);
  }

  /** Roles alone: nobody bound, no agent declared. */
  public static TenantPolicy of(String tenant, List<PolicyRole> roles) {
    return new TenantPolicy(tenant, roles, Map.of(), Map.of(), Map.of());
  }

  /** The roles a request's principal holds: those it carries and those bound to it. */
  public Set<String> rolesOf(PolicyInput.Principal principal) {
    Set<String> held = new TreeSet<>(principal.roles());
    held.addAll(users.getOrDefault(principal.id(), Set.of()));
    principal.groups().forEach(group -> held.addAll(groups.getOrDefault(group, Set.of())));
    return held;
  }

  /** The scopes an agent is declared with; none for an agent no role names. */
  public Set<String> scopesOf(String agent) {
    return agents.getOrDefault(agent, Set.of());
  }
}
