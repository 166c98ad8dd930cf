package dev.rampart.operator.policy;

import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.model.policy.PolicyBundle;
import dev.rampart.operator.model.policy.PolicyInput;
import dev.rampart.operator.model.policy.PolicyLibrary;
import dev.rampart.operator.model.policy.RoleCase;
import dev.rampart.operator.model.policy.TenantRoleCompiler;
import dev.rampart.operator.model.policy.TenantRoleCompiler.Compiled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles a tenant's TenantRoles and runs every test of every role in both engines, on the bundle
 * exactly as it would be served: what decides whether a new bundle may roll out. The operator and
 * the {@code rampart} CLI both check with this.
 */
public final class PolicyCheck {

  /**
   * @param failures why each failing test fails, in the order of the tests
   * @param engineProblem why the tests could not run, if they could not
   */
  public record Checked(
      Compiled compiled,
      PolicyBundle bundle,
      List<RoleCase> failing,
      List<String> failures,
      Optional<String> engineProblem) {

    /** Whether the bundle may be served: every role valid, every test run and holding. */
    public boolean passed() {
      return compiled.invalid().isEmpty() && failing.isEmpty() && engineProblem.isEmpty();
    }

    public long failuresOf(String role) {
      return failing.stream().filter(c -> c.role().equals(role)).count();
    }
  }

  private final PolicyLibrary library;
  private final Optional<OpaEngine> opa;

  /**
   * @param opa empty where no opa binary is configured: no test then passes
   */
  public PolicyCheck(PolicyLibrary library, Optional<OpaEngine> opa) {
    this.library = library;
    this.opa = opa;
  }

  public Checked check(TenantRoleCompiler.Tenant tenant, List<TenantRole> roles) {
    Compiled compiled = TenantRoleCompiler.compile(tenant, roles);
    PolicyBundle bundle = PolicyBundle.of(library, compiled.policy());
    if (opa.isEmpty()) {
      return new Checked(
          compiled,
          bundle,
          List.of(),
          List.of(),
          Optional.of(
              "no opa binary is configured (RAMPART_OPA), so the roles' tests cannot run in OPA"));
    }
    List<RoleCase> cases = compiled.cases();
    List<PolicyInput> inputs = cases.stream().map(RoleCase::input).toList();
    List<Boolean> opaDecisions;
    List<Boolean> cedarDecisions = new ArrayList<>();
    try {
      opaDecisions = opa.get().decide(bundle.opaFiles(), inputs);
      CedarEngine cedar =
          new CedarEngine(
              bundle.cedarFiles().get(PolicyBundle.CEDAR_POLICIES_FILE),
              bundle.cedarFiles().get(PolicyBundle.CEDAR_SCHEMA_FILE),
              compiled.policy());
      for (PolicyInput input : inputs) {
        cedarDecisions.add(cedar.allows(input));
      }
    } catch (OpaEngine.OpaException | CedarEngine.CedarException e) {
      return new Checked(compiled, bundle, List.of(), List.of(), Optional.of(e.getMessage()));
    }
    List<RoleCase> failing = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      RoleCase roleCase = cases.get(i);
      if (!roleCase.holds(opaDecisions.get(i), cedarDecisions.get(i))) {
        failing.add(roleCase);
        failures.add(roleCase.failure(opaDecisions.get(i), cedarDecisions.get(i)));
      }
    }
    return new Checked(compiled, bundle, failing, failures, Optional.empty());
  }
}
