package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.ConditionedStatus;
import java.util.List;
import java.util.Objects;

/** What Rampart compiled, tested and serves for a role. */
public class TenantRoleStatus extends ConditionedStatus {

  @Override
  @JsonPropertyDescription(
      "Ready: the role as declared is in the bundle in service and its Kubernetes rules are"
          + " applied; reasons Served, TestFailed (a test of this role fails; the message names"
          + " the case and the engine), RolloutBlocked (a test of another role of the tenant"
          + " fails, so the last good bundle stays), InvalidRole (something only Rampart can"
          + " judge, such as a test naming an undefined role), RbacRefused, NotInTenantNamespace,"
          + " PolicyEngineUnavailable or ApplyFailed. TestsPassed and RbacReady tell those parts"
          + " apart.")
  public List<Condition> getConditions() {
    return super.getConditions();
  }

  @JsonPropertyDescription(
      "The revision of the tenant's policy bundle in service (a digest of its files).")
  private String bundleRevision;

  @JsonPropertyDescription("This role's tests that hold in both engines, as passed/total.")
  private String tests;

  public String getBundleRevision() {
    return bundleRevision;
  }

  public void setBundleRevision(String bundleRevision) {
    this.bundleRevision = bundleRevision;
  }

  public String getTests() {
    return tests;
  }

  public void setTests(String tests) {
    this.tests = tests;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantRoleStatus other
        && sameConditions(other)
        && Objects.equals(bundleRevision, other.bundleRevision)
        && Objects.equals(tests, other.tests);
  }

  @Override
  public int hashCode() {
    return Objects.hash(conditionsHash(), bundleRevision, tests);
  }
}
