package dev.rampart.operator.model.policy;

import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.api.tenantrole.TenantRoleStatus;
import dev.rampart.operator.model.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The status a TenantRole should show after its tenant's policy was checked and rolled out. */
public final class TenantRoleStatusModel {

  public static final String SERVED = "Served";
  public static final String TEST_FAILED = "TestFailed";
  public static final String ROLLOUT_BLOCKED = "RolloutBlocked";
  public static final String INVALID_ROLE = "InvalidRole";
  public static final String RBAC_REFUSED = "RbacRefused";
  public static final String RBAC_APPLIED = "Applied";
  public static final String POLICY_ENGINE_UNAVAILABLE = "PolicyEngineUnavailable";
  public static final String TESTS_HOLD = "Hold";

  public static final String TESTS_PASSED = "TestsPassed";
  public static final String RBAC_READY = "RbacReady";

  private TenantRoleStatusModel() {}

  /**
   * What a role's tenant check and rollout came to, for this role.
   *
   * @param invalid why the role is invalid, if it is
   * @param engineProblem why the tests could not run, if they could not
   * @param ownFailures why this role's failing tests fail
   * @param tests how many tests the role has
   * @param blockedBy why the tenant's new bundle is not served, if it is not (another role's
   *     failure)
   * @param servedRevision the bundle revision in service, if any
   * @param rbacRefused what the role's Kubernetes rules grant beyond the owner role, if they do
   * @param hasRbac whether the role has Kubernetes rules
   */
  public record Verdict(
      Optional<String> invalid,
      Optional<String> engineProblem,
      List<String> ownFailures,
      int tests,
      Optional<String> blockedBy,
      Optional<String> servedRevision,
      Optional<String> rbacRefused,
      boolean hasRbac) {}

  public static TenantRoleStatus status(TenantRole role, Verdict verdict, Instant now) {
    long generation =
        role.getMetadata().getGeneration() == null ? 0 : role.getMetadata().getGeneration();
    List<Condition> conditions =
        role.getStatus() == null ? List.of() : role.getStatus().getConditions();
    int passed = verdict.tests() - verdict.ownFailures().size();
    boolean ran = verdict.invalid().isEmpty() && verdict.engineProblem().isEmpty();
    if (ran) {
      conditions =
          Conditions.with(
              conditions,
              TESTS_PASSED,
              verdict.ownFailures().isEmpty(),
              verdict.ownFailures().isEmpty() ? TESTS_HOLD : TEST_FAILED,
              verdict.ownFailures().isEmpty()
                  ? verdict.tests() + " test(s) hold in OPA and Cedar"
                  : summary(verdict.ownFailures()),
              generation,
              now);
    }
    if (verdict.hasRbac()) {
      conditions =
          Conditions.with(
              conditions,
              RBAC_READY,
              verdict.rbacRefused().isEmpty(),
              verdict.rbacRefused().isPresent() ? RBAC_REFUSED : RBAC_APPLIED,
              verdict.rbacRefused().orElse("Role and RoleBinding " + TenantRoleRbac.name(role)),
              generation,
              now);
    }
    Ready ready = ready(verdict);
    conditions =
        Conditions.with(
            conditions,
            Conditions.READY,
            ready.reason().equals(SERVED),
            ready.reason(),
            ready.message(),
            generation,
            now);
    TenantRoleStatus status = new TenantRoleStatus();
    status.setObservedGeneration(generation);
    status.setConditions(conditions);
    status.setBundleRevision(verdict.servedRevision().orElse(null));
    status.setTests(ran ? passed + "/" + verdict.tests() : null);
    return status;
  }

  /** Ready's reason and message: the first problem in order of what a person must fix first. */
  private static Ready ready(Verdict verdict) {
    if (verdict.invalid().isPresent()) {
      return new Ready(INVALID_ROLE, verdict.invalid().get() + notServed(verdict));
    }
    if (verdict.engineProblem().isPresent()) {
      return new Ready(
          POLICY_ENGINE_UNAVAILABLE, verdict.engineProblem().get() + notServed(verdict));
    }
    if (!verdict.ownFailures().isEmpty()) {
      return new Ready(TEST_FAILED, summary(verdict.ownFailures()) + notServed(verdict));
    }
    if (verdict.rbacRefused().isPresent()) {
      return new Ready(RBAC_REFUSED, verdict.rbacRefused().get());
    }
    if (verdict.blockedBy().isPresent()) {
      return new Ready(
          ROLLOUT_BLOCKED,
          "the tenant's new policy is not served: "
              + verdict.blockedBy().get()
              + notServed(verdict));
    }
    return new Ready(
        SERVED,
        "served in bundle revision "
            + verdict.servedRevision().orElse("(none)")
            + "; "
            + verdict.tests()
            + " test(s) hold in OPA and Cedar");
  }

  private record Ready(String reason, String message) {}

  private static String notServed(Verdict verdict) {
    return verdict
        .servedRevision()
        .map(revision -> "; nothing new is served, revision " + revision + " stays in service")
        .orElse("; nothing is served until it is fixed");
  }

  private static String summary(List<String> failures) {
    return failures.get(0)
        + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : "");
  }
}
