package dev.rampart.operator.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import dev.rampart.operator.model.policy.PolicyBundle;
import dev.rampart.operator.model.policy.PolicyInput;
import dev.rampart.operator.model.policy.TenantPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Cedar half of the policy library for one tenant's policy, in process: the policy set of its
 * bundle, parsed once. Who holds which role and what an agent is declared with are entities, built
 * from the same {@link TenantPolicy} the Rego half reads as data.
 */
public final class CedarEngine {

  /** Cedar refused the policies or could not decide a request. */
  public static final class CedarException extends Exception {
    CedarException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
  private final TenantPolicy policy;
  private final PolicySet policies;
  private final Schema schema;

  /**
   * @param policies the tenant's Cedar policy set (the library and its roles' permits, as {@link
   *     PolicyBundle} writes it)
   * @param schema the Cedar schema of the policy library
   */
  public CedarEngine(String policies, String schema, TenantPolicy policy) throws CedarException {
    this.policy = policy;
    try {
      this.policies = PolicySet.parsePolicies(policies);
      this.schema = new Schema(schema);
      // Parsed once by Cedar, not again on every request.
      this.schema.cache();
      this.policies.cache();
    } catch (InternalException e) {
      throw new CedarException("Cedar cannot parse the policies: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new CedarException("Cedar cannot load the policies: " + e.getMessage(), e);
    }
  }

  public ValidationResponse validate() throws AuthException {
    return engine.validate(new ValidationRequest(schema, policies));
  }

  /** Cedar's decision; a request Cedar cannot evaluate (it fails validation) is an error. */
  public boolean allows(PolicyInput input) throws CedarException {
    PolicyInput.Principal who = input.principal();
    EntityUID principalId = uid("Principal", who.id());
    Entity principal =
        new Entity(
            principalId,
            Map.of(
                "tenant", new PrimString(who.tenant()),
                "department", new PrimString(who.department()),
                "region", new PrimString(who.region())),
            policy.rolesOf(who).stream()
                .map(role -> uid("Role", role))
                .collect(Collectors.toSet()));
    PolicyInput.Resource what = input.resource();
    Entity resource =
        new Entity(
            uid("Resource", "requested"),
            Map.of(
                "tenant", new PrimString(what.tenant()),
                "type", new PrimString(what.type()),
                "owner", uid("Principal", what.owner()),
                "department", new PrimString(what.department()),
                "region", new PrimString(what.region()),
                "sensitivity", new PrimLong(what.sensitivity().ordinal())),
            Set.of());
    Set<Entity> entities = new java.util.HashSet<>(Set.of(principal, resource));
    Map<String, Value> context = new HashMap<>();
    context.put("amr", strings(input.amr()));
    context.put("acr", new PrimString(input.acr()));
    input
        .agent()
        .ifPresent(
            agent -> {
              Entity declared =
                  new Entity(
                      uid("Agent", agent.id()),
                      Map.of("scopes", strings(List.copyOf(policy.scopesOf(agent.id())))),
                      Set.of());
              entities.add(declared);
              context.put(
                  "agent",
                  new CedarMap(
                      Map.of("declared", declared.getEUID(), "scopes", strings(agent.scopes()))));
            });
    try {
      AuthorizationResponse response =
          engine.isAuthorized(
              new AuthorizationRequest(
                  principalId,
                  uid("Action", input.action()),
                  resource.getEUID(),
                  Optional.of(context),
                  Optional.of(schema),
                  true),
              policies,
              entities);
      if (response.success.isEmpty() || !response.success.get().getErrors().isEmpty()) {
        throw new CedarException("Cedar could not decide: " + response, null);
      }
      return response.success.get().isAllowed();
    } catch (AuthException e) {
      throw new CedarException("Cedar refused the request: " + e.getMessage(), e);
    }
  }

  private static CedarList strings(List<String> values) {
    return new CedarList(values.stream().<Value>map(PrimString::new).toList());
  }

  private static EntityUID uid(String type, String id) {
    return EntityTypeName.parse("Rampart::" + type).orElseThrow().of(id);
  }
}
