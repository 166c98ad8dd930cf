package dev.rampart.operator.model.policy;

import dev.rampart.operator.api.tenant.DataClassification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One authorization request, as both halves of the policy library decide it: who asks, what, on
 * what, and how the request was authenticated.
 *
 * @param roles the roles the request carries (e.g. from the token); those the tenant's TenantRoles
 *     bind to the principal or its groups are added by the policy
 * @param amr the token's authentication methods (RFC 8176)
 * @param acr the token's authentication context class; {@code mfa} when the login passed the
 *     realm's second factor, empty when the request has none
 * @param agent the AI agent acting for the principal, with the scopes it asks for
 */
public record PolicyInput(
    Principal principal,
    String action,
    Resource resource,
    List<String> amr,
    String acr,
    Optional<Agent> agent) {

  public PolicyInput {
    amr = List.copyOf(amr);
  }

  public record Principal(
      String id,
      String tenant,
      List<String> roles,
      List<String> groups,
      String department,
      String region) {

    public Principal {
      roles = List.copyOf(roles);
      groups = List.copyOf(groups);
    }
  }

  /** {@code owner} is a principal id; empty strings stand for attributes a resource lacks. */
  public record Resource(
      String tenant,
      String type,
      String owner,
      String department,
      String region,
      DataClassification sensitivity) {}

  public record Agent(String id, List<String> scopes) {

    public Agent {
      scopes = List.copyOf(scopes);
    }
  }

  /** The request as the Rego half reads it: {@code input}. */
  public Map<String, Object> regoInput() {
    Map<String, Object> principalJson = new LinkedHashMap<>();
    principalJson.put("id", principal.id());
    principalJson.put("tenant", principal.tenant());
    principalJson.put("roles", principal.roles());
    principalJson.put("groups", principal.groups());
    principalJson.put("department", principal.department());
    principalJson.put("region", principal.region());
    Map<String, Object> resourceJson = new LinkedHashMap<>();
    resourceJson.put("tenant", resource.tenant());
    resourceJson.put("type", resource.type());
    resourceJson.put("owner", resource.owner());
    resourceJson.put("department", resource.department());
    resourceJson.put("region", resource.region());
    resourceJson.put("sensitivity", resource.sensitivity().label());
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("amr", amr);
    context.put("acr", acr);
    agent.ifPresent(a -> context.put("agent", Map.of("id", a.id(), "scopes", a.scopes())));
    return Map.of(
        "principal", principalJson, "action", action, "resource", resourceJson, "context", context);
  }
}
