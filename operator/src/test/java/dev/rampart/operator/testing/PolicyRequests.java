package dev.rampart.operator.testing;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.model.policy.CedarPolicies;
import dev.rampart.operator.model.policy.PolicyRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authorization requests for the policy library, and its two halves to decide them: the grid of
 * every role × resource type × action × attribute combination, each request as the Rego half's
 * input, and the Cedar half in process.
 */
public final class PolicyRequests {

  public static final Path POLICIES = TestCluster.repoRoot().resolve("policies");

  public static final List<String> ACTIONS =
      List.of("read", "list", "create", "update", "delete", "export", "approve");
  public static final List<String> TYPES = List.of("invoice", "customer", "document");

  private PolicyRequests() {}

  /** One request of the grid; {@code role} null for a principal with no role. */
  public record Request(
      String role,
      String action,
      String type,
      boolean sameTenant,
      boolean sameDepartment,
      String region,
      DataClassification sensitivity,
      boolean owned,
      boolean secondFactor,
      Optional<String> agentScope) {}

  /**
   * Every combination for these roles (and a principal with none): resource type, action, agent
   * (none, in scope, out of scope), same tenant, same department, owner, second factor, region and
   * sensitivity.
   */
  public static List<Request> grid(List<PolicyRole> policyRoles) {
    List<Request> grid = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    roles.add(null);
    policyRoles.forEach(role -> roles.add(role.name()));
    for (String role : roles) {
      for (String type : TYPES) {
        for (String action : ACTIONS) {
          for (Optional<String> agent :
              List.of(
                  Optional.<String>empty(),
                  Optional.of(type + ":" + action),
                  Optional.of(type + ":" + (action.equals("read") ? "list" : "read")))) {
            for (int bits = 0; bits < 16; bits++) {
              for (String region : List.of("eu-west-1", "us-east-1")) {
                for (DataClassification sensitivity : DataClassification.values()) {
                  grid.add(
                      new Request(
                          role,
                          action,
                          type,
                          (bits & 1) == 0,
                          (bits & 2) == 0,
                          region,
                          sensitivity,
                          (bits & 4) == 0,
                          (bits & 8) == 0,
                          agent));
                }
              }
            }
          }
        }
      }
    }
    return grid;
  }

  /** The request as the Rego half's input. */
  public static Map<String, Object> regoInput(Request request) {
    Map<String, Object> principal = new LinkedHashMap<>();
    principal.put("tenant", "acme");
    principal.put("id", "alice");
    principal.put("roles", request.role() == null ? List.of() : List.of(request.role()));
    principal.put("department", "finance");
    principal.put("region", "eu-west-1");
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("tenant", request.sameTenant() ? "acme" : "globex");
    resource.put("type", request.type());
    resource.put("owner", request.owned() ? "alice" : "bob");
    resource.put("department", request.sameDepartment() ? "finance" : "sales");
    resource.put("region", request.region());
    resource.put("sensitivity", request.sensitivity().label());
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("amr", request.secondFactor() ? List.of("pwd", "otp") : List.of("pwd"));
    request
        .agentScope()
        .ifPresent(
            scope -> context.put("agent", Map.of("id", "copilot", "scopes", List.of(scope))));
    return Map.of(
        "principal",
        principal,
        "action",
        request.action(),
        "resource",
        resource,
        "context",
        context);
  }

  /** The Cedar half for a tenant's roles: the library and the roles' permits, parsed once. */
  public static final class Cedar {

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policies;
    private final Schema schema;

    public Cedar(List<PolicyRole> roles) throws IOException, AuthException, CacheException {
      String library = Files.readString(POLICIES.resolve("cedar/library.cedar"));
      policies = PolicySet.parsePolicies(library + "\n" + CedarPolicies.permits(roles));
      schema = new Schema(Files.readString(POLICIES.resolve("cedar/rampart.cedarschema")));
      // Parsed once by Cedar, not again on every request.
      schema.cache();
      policies.cache();
    }

    public ValidationResponse validate() throws AuthException {
      return engine.validate(new ValidationRequest(schema, policies));
    }

    /** Cedar's decision; a request Cedar cannot evaluate (it fails validation) is an error. */
    public boolean allows(Request request) throws AuthException {
      EntityUID alice = uid("Principal", "alice");
      Map<String, Value> principalAttributes = new HashMap<>();
      principalAttributes.put("tenant", new PrimString("acme"));
      principalAttributes.put("department", new PrimString("finance"));
      principalAttributes.put("region", new PrimString("eu-west-1"));
      Entity principal =
          new Entity(
              alice,
              principalAttributes,
              request.role() == null ? Set.of() : Set.of(uid("Role", request.role())));
      Map<String, Value> resourceAttributes = new HashMap<>();
      resourceAttributes.put("tenant", new PrimString(request.sameTenant() ? "acme" : "globex"));
      resourceAttributes.put("type", new PrimString(request.type()));
      resourceAttributes.put("owner", request.owned() ? alice : uid("Principal", "bob"));
      resourceAttributes.put(
          "department", new PrimString(request.sameDepartment() ? "finance" : "sales"));
      resourceAttributes.put("region", new PrimString(request.region()));
      resourceAttributes.put("sensitivity", new PrimLong(request.sensitivity().ordinal()));
      Entity resource = new Entity(uid("Resource", "r"), resourceAttributes, Set.of());
      Map<String, Value> context = new HashMap<>();
      context.put(
          "amr",
          new CedarList(
              request.secondFactor()
                  ? List.of(new PrimString("pwd"), new PrimString("otp"))
                  : List.of(new PrimString("pwd"))));
      request
          .agentScope()
          .ifPresent(
              scope ->
                  context.put(
                      "agent",
                      new CedarMap(
                          Map.of(
                              "id",
                              new PrimString("copilot"),
                              "scopes",
                              new CedarList(List.of(new PrimString(scope)))))));
      AuthorizationResponse response =
          engine.isAuthorized(
              new AuthorizationRequest(
                  alice,
                  uid("Action", request.action()),
                  resource.getEUID(),
                  Optional.of(context),
                  Optional.of(schema),
                  true),
              policies,
              Set.of(principal, resource));
      if (response.success.isEmpty() || !response.success.get().getErrors().isEmpty()) {
        throw new IllegalStateException("Cedar could not decide " + request + ": " + response);
      }
      return response.success.get().isAllowed();
    }
  }

  private static EntityUID uid(String type, String id) {
    return EntityTypeName.parse("Rampart::" + type).orElseThrow().of(id);
  }
}
