package dev.rampart.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.localcp.Servers;
import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.model.policy.CedarPolicies;
import dev.rampart.operator.model.policy.PolicyData;
import dev.rampart.operator.model.policy.PolicyRole;
import dev.rampart.operator.testing.PolicyRoles;
import dev.rampart.operator.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy library's two halves decide alike: its Rego policy, run by the real, pinned opa, and
 * its Cedar library with the permits generated from the same roles, run by Cedar in process, over
 * every role × resource type × action × attribute combination of a tenant with five roles.
 */
class PolicyEnginesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path POLICIES = TestCluster.repoRoot().resolve("policies");

  private static final List<String> ACTIONS =
      List.of("read", "list", "create", "update", "delete", "export", "approve");
  private static final List<String> TYPES = List.of("invoice", "customer", "document");

  private static final List<PolicyRole> ROLES = PolicyRoles.ALL;

  /** One request of the grid; {@code role} null for a principal with no role. */
  record Request(
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

  private static List<Request> grid;
  private static PolicySet cedar;
  private static Schema schema;

  /** Cedar's decision on each request of the grid, in order. */
  private static List<Boolean> cedarDecisions;

  private static double cedarSeconds;

  @BeforeAll
  static void build() throws Exception {
    grid = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    roles.add(null);
    ROLES.forEach(role -> roles.add(role.name()));
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
    String library = Files.readString(POLICIES.resolve("cedar/library.cedar"));
    cedar = PolicySet.parsePolicies(library + "\n" + CedarPolicies.permits(ROLES));
    schema = new Schema(Files.readString(POLICIES.resolve("cedar/rampart.cedarschema")));
    // Parsed once by Cedar, not again on every request.
    schema.cache();
    cedar.cache();
    BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    cedarDecisions = new ArrayList<>();
    long start = System.nanoTime();
    for (Request request : grid) {
      cedarDecisions.add(cedarAllows(engine, request));
    }
    cedarSeconds = (System.nanoTime() - start) / 1e9;
  }

  @Test
  void theGeneratedPermitsAndTheLibraryValidateAgainstTheSchema() throws Exception {
    var validation = new BasicAuthorizationEngine().validate(new ValidationRequest(schema, cedar));
    assertThat(validation.validationPassed()).as(validation.toString()).isTrue();
  }

  @Test
  void regoAndCedarDecideAlikeOnEveryCombination(@TempDir Path work) throws Exception {
    long start = System.nanoTime();
    List<Boolean> opa = opaDecisions(work);
    double opaSeconds = (System.nanoTime() - start) / 1e9;

    List<String> differences = new ArrayList<>();
    for (int i = 0; i < grid.size() && differences.size() < 10; i++) {
      if (!opa.get(i).equals(cedarDecisions.get(i))) {
        differences.add(grid.get(i) + ": opa " + opa.get(i) + ", cedar " + cedarDecisions.get(i));
      }
    }
    assertThat(differences).as("requests decided differently").isEmpty();
    long allowed = cedarDecisions.stream().filter(Boolean::booleanValue).count();
    System.out.printf(
        "policy engines: %d requests, %d allowed by both, %d denied by both"
            + " (opa eval %.1f s, cedar in process %.1f s)%n",
        grid.size(), allowed, grid.size() - allowed, opaSeconds, cedarSeconds);
    assertThat(allowed)
        .as("a grid where one decision holds everywhere proves nothing")
        .isBetween(1L, grid.size() - 1L);
  }

  /** What the checklist asks never to happen, checked on the grid's Cedar decisions. */
  @Test
  void noRoleCrossesATenantAndAViewerCannotExportPii() {
    for (int i = 0; i < grid.size(); i++) {
      Request request = grid.get(i);
      boolean allowed = cedarDecisions.get(i);
      if (!request.sameTenant()) {
        assertThat(allowed).as(request.toString()).isFalse();
      }
      if ("viewer".equals(request.role()) && request.action().equals("export")) {
        assertThat(allowed).as(request.toString()).isFalse();
      }
      if ("pii-exporter".equals(request.role()) && !request.secondFactor()) {
        assertThat(allowed).as(request.toString()).isFalse();
      }
    }
  }

  private static List<Boolean> opaDecisions(Path work) throws Exception {
    Path data = work.resolve("data.json");
    Path input = work.resolve("input.json");
    JSON.writeValue(data.toFile(), Map.of("rampart", PolicyData.rampart(ROLES)));
    JSON.writeValue(
        input.toFile(), Map.of("requests", grid.stream().map(PolicyEnginesIT::regoInput).toList()));
    Path output = work.resolve("decisions.json");
    Process opa =
        new ProcessBuilder(
                Servers.fromCache().opa().toString(),
                "eval",
                "--format=raw",
                "--data=" + POLICIES.resolve("rego/rampart/authz.rego"),
                "--data=" + data,
                "--input=" + input,
                "[d | some r in input.requests; d := data.rampart.authz.allow with input as r]")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(opa.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(opa.exitValue()).as(Files.readString(output)).isZero();
    List<Boolean> decisions = new ArrayList<>();
    JSON.readTree(output.toFile()).forEach(decision -> decisions.add(decision.asBoolean()));
    assertThat(decisions).hasSize(grid.size());
    return decisions;
  }

  private static Map<String, Object> regoInput(Request request) {
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

  private static boolean cedarAllows(BasicAuthorizationEngine engine, Request request)
      throws Exception {
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
            cedar,
            Set.of(principal, resource));
    assertThat(response.success).as(response.toString()).isPresent();
    assertThat(response.success.get().getErrors()).as(request.toString()).isEmpty();
    return response.success.get().isAllowed();
  }

  private static EntityUID uid(String type, String id) {
    return EntityTypeName.parse("Rampart::" + type).orElseThrow().of(id);
  }
}
