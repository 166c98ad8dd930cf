package dev.rampart.operator.policy;

import static dev.rampart.operator.testing.PolicyRequests.POLICIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.localcp.Servers;
import dev.rampart.operator.model.policy.PolicyData;
import dev.rampart.operator.model.policy.PolicyInput;
import dev.rampart.operator.model.policy.PolicyRole;
import dev.rampart.operator.testing.PolicyRequests;
import dev.rampart.operator.testing.PolicyRequests.Request;
import dev.rampart.operator.testing.PolicyRoles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  private static final List<PolicyRole> ROLES = PolicyRoles.ALL;

  private static List<Request> grid;
  private static CedarEngine cedar;

  /** Cedar's decision on each request of the grid, in order. */
  private static List<Boolean> cedarDecisions;

  private static double cedarSeconds;

  @BeforeAll
  static void build() throws Exception {
    grid = PolicyRequests.grid(ROLES);
    cedar = PolicyRequests.cedar(ROLES);
    cedarDecisions = new ArrayList<>();
    long start = System.nanoTime();
    for (Request request : grid) {
      cedarDecisions.add(cedar.allows(PolicyRequests.input(request)));
    }
    cedarSeconds = (System.nanoTime() - start) / 1e9;
  }

  @Test
  void theGeneratedPermitsAndTheLibraryValidateAgainstTheSchema() throws Exception {
    var validation = cedar.validate();
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
  void noRoleCrossesATenantAViewerCannotExportPiiAndAnAgentStaysInItsScopes() {
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
      if (request.agentScope().filter(scope -> scope.startsWith("customer:")).isPresent()) {
        assertThat(allowed).as("copilot has no scope on customers: " + request).isFalse();
      }
    }
  }

  /**
   * Whatever the grid tenant's roles allow, its decision point refuses when the request is all
   * about another tenant (as that tenant's gateway would ask it): its roles are not theirs, even
   * where both tenants name a role alike.
   */
  @Test
  void aTenantsDecisionPointRefusesAnotherTenantsRequests(@TempDir Path work) throws Exception {
    List<PolicyInput> elsewhere = new ArrayList<>();
    for (int i = 0; i < grid.size(); i++) {
      if (cedarDecisions.get(i)) {
        elsewhere.add(PolicyRequests.ofAnotherTenant(grid.get(i)));
      }
    }
    assertThat(elsewhere).isNotEmpty();
    assertThat(opaDecisions(work, elsewhere)).doesNotContain(true);
    for (PolicyInput request : elsewhere) {
      assertThat(cedar.allows(request)).as(request.toString()).isFalse();
    }
  }

  private static List<Boolean> opaDecisions(Path work) throws Exception {
    return opaDecisions(work, grid.stream().map(PolicyRequests::input).toList());
  }

  private static List<Boolean> opaDecisions(Path work, List<PolicyInput> requests)
      throws Exception {
    Path data = work.resolve("data.json");
    Path input = work.resolve("input.json");
    JSON.writeValue(
        data.toFile(), Map.of("rampart", PolicyData.rampart(PolicyRequests.policy(ROLES))));
    JSON.writeValue(
        input.toFile(), Map.of("requests", requests.stream().map(PolicyInput::regoInput).toList()));
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
    assertThat(decisions).hasSize(requests.size());
    return decisions;
  }
}
