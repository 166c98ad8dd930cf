package dev.rampart.operator.model.policy;

import dev.rampart.operator.api.tenantrole.RoleTest;

/**
 * A test of a TenantRole as a request both engines decide.
 *
 * @param role the TenantRole declaring it, as namespace/name
 */
public record RoleCase(String role, RoleTest test, PolicyInput input) {

  public boolean expectsAllow() {
    return test.getExpect() == RoleTest.Expectation.ALLOW;
  }

  /** Whether the engines' decisions are what the test expects. */
  public boolean holds(boolean opaAllows, boolean cedarAllows) {
    return opaAllows == expectsAllow() && cedarAllows == expectsAllow();
  }

  /** Why the test fails, naming the engines that decided otherwise; for a condition. */
  public String failure(boolean opaAllows, boolean cedarAllows) {
    StringBuilder engines = new StringBuilder();
    if (opaAllows != expectsAllow()) {
      engines.append("OPA");
    }
    if (cedarAllows != expectsAllow()) {
      engines.append(engines.isEmpty() ? "" : " and ").append("Cedar");
    }
    String verdict = expectsAllow() ? "denied" : "allowed";
    String description =
        test.getDescription() == null ? "" : " (" + test.getDescription().strip() + ")";
    return "test "
        + test.getName()
        + description
        + " of TenantRole "
        + role
        + " expects "
        + (expectsAllow() ? "allow" : "deny")
        + ", but "
        + engines
        + " "
        + verdict
        + " it";
  }
}
