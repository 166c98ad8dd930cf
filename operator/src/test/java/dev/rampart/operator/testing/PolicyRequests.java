package dev.rampart.operator.testing;

import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.model.policy.PolicyBundle;
import dev.rampart.operator.model.policy.PolicyInput;
import dev.rampart.operator.model.policy.PolicyLibrary;
import dev.rampart.operator.model.policy.PolicyRole;
import dev.rampart.operator.model.policy.TenantPolicy;
import dev.rampart.operator.policy.CedarEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Authorization requests for the policy library, and its two halves to decide them: the grid of
 * every role × resource type × action × attribute combination, each request as the Rego half's
 * input, and the Cedar half in process as the operator runs it.
 */
public final class PolicyRequests {

  public static final Path POLICIES = TestCluster.repoRoot().resolve("policies");

  public static final List<String> ACTIONS =
      List.of("read", "list", "create", "update", "delete", "export", "approve");
  public static final List<String> TYPES = List.of("invoice", "customer", "document");

  /** The grid's tenant: the principal's, and the resource's unless another tenant's. */
  public static final String TENANT = "acme";

  private static final String OTHER_TENANT = "globex";

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
      Login login,
      Optional<String> agentScope) {

    public boolean secondFactor() {
      return login != Login.PASSWORD;
    }
  }

  /**
   * How the principal logged in, as its credential says: a second factor named in {@code amr} (as
   * the gateway's static admin tokens say it) or only by {@code acr} (the tenant realm's level of
   * authentication, whose {@code amr} lists just pwd at the login that enrols the factor).
   */
  public enum Login {
    PASSWORD(List.of("pwd"), "pwd"),
    OTP_IN_AMR(List.of("pwd", "otp"), "pwd"),
    MFA_IN_ACR(List.of("pwd"), "mfa");

    final List<String> amr;
    final String acr;

    Login(List<String> amr, String acr) {
      this.amr = amr;
      this.acr = acr;
    }
  }

  /**
   * Every combination for these roles (and a principal with none): resource type, action, agent
   * (none, in scope, out of scope), same tenant, same department, owner, login, region and
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
            for (int bits = 0; bits < 8; bits++) {
              for (Login login : Login.values()) {
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
                            login,
                            agent));
                  }
                }
              }
            }
          }
        }
      }
    }
    return grid;
  }

  /**
   * The grid's tenant policy for {@code roles}: its agent, copilot, is declared with every scope on
   * invoices and documents and none on customers, so an agent asking beyond them is seen denied.
   */
  public static TenantPolicy policy(List<PolicyRole> roles) {
    Set<String> scopes = new TreeSet<>();
    for (String type : List.of("invoice", "document")) {
      ACTIONS.forEach(action -> scopes.add(type + ":" + action));
    }
    return new TenantPolicy(TENANT, roles, Map.of(), Map.of(), Map.of("copilot", scopes));
  }

  /** The request as both engines take it. */
  public static PolicyInput input(Request request) {
    return input(request, TENANT);
  }

  /**
   * The request made in {@code tenant}: the principal's, and the resource's unless the request is
   * for another tenant's.
   */
  public static PolicyInput input(Request request, String tenant) {
    return input(request, tenant, request.sameTenant() ? tenant : OTHER_TENANT);
  }

  /**
   * The request as another tenant's gateway would send it to the grid tenant's decision point:
   * principal and resource both of that other tenant.
   */
  public static PolicyInput ofAnotherTenant(Request request) {
    return input(request, OTHER_TENANT, OTHER_TENANT);
  }

  private static PolicyInput input(Request request, String principalTenant, String resourceTenant) {
    return new PolicyInput(
        new PolicyInput.Principal(
            "alice",
            principalTenant,
            request.role() == null ? List.of() : List.of(request.role()),
            List.of(),
            "finance",
            "eu-west-1"),
        request.action(),
        new PolicyInput.Resource(
            resourceTenant,
            request.type(),
            request.owned() ? "alice" : "bob",
            request.sameDepartment() ? "finance" : "sales",
            request.region(),
            request.sensitivity()),
        request.login().amr,
        request.login().acr,
        request.agentScope().map(scope -> new PolicyInput.Agent("copilot", List.of(scope))));
  }

  /** The request as the Rego half's input. */
  public static Map<String, Object> regoInput(Request request) {
    return input(request).regoInput();
  }

  /** The Cedar half for the grid's tenant policy, as the operator runs it. */
  public static CedarEngine cedar(List<PolicyRole> roles) throws CedarEngine.CedarException {
    TenantPolicy policy = policy(roles);
    PolicyBundle bundle = PolicyBundle.of(PolicyLibrary.builtIn(), policy);
    return new CedarEngine(
        bundle.cedarFiles().get(PolicyBundle.CEDAR_POLICIES_FILE),
        bundle.cedarFiles().get(PolicyBundle.CEDAR_SCHEMA_FILE),
        policy);
  }
}
