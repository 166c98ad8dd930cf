package dev.rampart.operator.model.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrowserFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The executions as Keycloak lists them for a flow built from the steps. */
  private static List<JsonNode> listed(String alias) {
    List<JsonNode> executions = new ArrayList<>();
    for (BrowserFlow.Step step : BrowserFlow.steps(alias)) {
      ObjectNode execution = JSON.createObjectNode();
      execution.put("level", step.level());
      execution.put("requirement", step.requirement());
      if (step.isSubflow()) {
        execution.put("displayName", step.subflow());
        execution.put("authenticationFlow", true);
      } else {
        execution.put("providerId", step.authenticator());
        execution.put("displayName", "whatever Keycloak calls it");
      }
      if (!step.config().isEmpty()) {
        execution.put("authenticationConfig", "some-id");
      }
      executions.add(execution);
    }
    return executions;
  }

  @Test
  void theFlowAsBuiltMatches() {
    assertThat(BrowserFlow.matches("rampart browser 1", listed("rampart browser 1"))).isTrue();
  }

  @Test
  void aSecondFactorTurnedOffOrARemovedConditionIsDrift() {
    List<JsonNode> disabled = listed("rampart browser 1");
    ((ObjectNode) disabled.get(6)).put("requirement", "DISABLED");
    assertThat(disabled.get(6).path("providerId").asText()).isEqualTo("auth-otp-form");
    assertThat(BrowserFlow.matches("rampart browser 1", disabled)).isFalse();

    List<JsonNode> unconditional = listed("rampart browser 1");
    unconditional.remove(5);
    assertThat(BrowserFlow.matches("rampart browser 1", unconditional)).isFalse();

    List<JsonNode> unconfigured = listed("rampart browser 1");
    ((ObjectNode) unconfigured.get(5)).remove("authenticationConfig");
    assertThat(BrowserFlow.matches("rampart browser 1", unconfigured)).isFalse();
  }

  @Test
  void theSecondFactorIsAskedOfHoldersOfTheMarkerRole() {
    BrowserFlow.Step condition =
        BrowserFlow.steps("rampart browser 1").stream()
            .filter(s -> "conditional-user-role".equals(s.authenticator()))
            .findFirst()
            .orElseThrow();
    assertThat(condition.config()).containsEntry("condUserRole", RealmRoles.MFA_REQUIRED);
  }

  @Test
  void generationsAreReadFromRampartsAliasesOnly() {
    assertThat(BrowserFlow.generation("rampart browser 7")).contains(7L);
    assertThat(BrowserFlow.generation("browser")).isEmpty();
    assertThat(BrowserFlow.generation("rampart browser x")).isEmpty();
  }
}
