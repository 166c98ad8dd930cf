package dev.rampart.operator.model.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoginFlowTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The executions as Keycloak lists them for a flow built from the steps. */
  private static List<JsonNode> listed(LoginFlow kind, String alias) {
    List<JsonNode> executions = new ArrayList<>();
    for (LoginFlow.Step step : kind.steps(alias)) {
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

  @ParameterizedTest
  @EnumSource(LoginFlow.class)
  void theFlowAsBuiltMatches(LoginFlow kind) {
    assertThat(kind.matches(kind.alias(1), listed(kind, kind.alias(1)))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(LoginFlow.class)
  void aSecondFactorTurnedOffOrARemovedConditionIsDrift(LoginFlow kind) {
    String alias = kind.alias(1);
    for (int otp : indexesOf(kind, "auth-otp-form")) {
      List<JsonNode> disabled = listed(kind, alias);
      ((ObjectNode) disabled.get(otp)).put("requirement", "DISABLED");
      assertThat(kind.matches(alias, disabled)).isFalse();
    }
    int condition = indexesOf(kind, "conditional-user-role").get(0);
    List<JsonNode> unconditional = listed(kind, alias);
    unconditional.remove(condition);
    assertThat(kind.matches(alias, unconditional)).isFalse();

    List<JsonNode> unconfigured = listed(kind, alias);
    ((ObjectNode) unconfigured.get(condition)).remove("authenticationConfig");
    assertThat(kind.matches(alias, unconfigured)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(LoginFlow.class)
  void theSecondFactorIsAskedOfHoldersOfTheMarkerRoleAtLevelTwo(LoginFlow kind) {
    List<LoginFlow.Step> steps = kind.steps(kind.alias(1));
    assertThat(step(steps, "conditional-user-role").config())
        .containsEntry("condUserRole", RealmRoles.MFA_REQUIRED);
    assertThat(step(steps, "conditional-level-of-authentication").config())
        .containsEntry("loa-condition-level", "2");
    assertThat(LoginFlow.ACR_LOA_MAP).contains("\"" + LoginFlow.MFA_ACR + "\":2");
    // Either factor a user has, or TOTP set up when the user has neither.
    assertThat(steps)
        .filteredOn(s -> "webauthn-authenticator".equals(s.authenticator()))
        .singleElement()
        .extracting(LoginFlow.Step::requirement)
        .isEqualTo("ALTERNATIVE");
    assertThat(step(steps, "conditional-sub-flow-executed").config())
        .containsEntry("flow_to_check", kind.alias(1) + " configured")
        .containsEntry("check_result", "not-executed");
  }

  @Test
  void generationsAreReadFromTheirOwnKindOfAliasOnly() {
    assertThat(LoginFlow.BROWSER.generation("rampart browser 7")).contains(7L);
    assertThat(LoginFlow.BROWSER.generation("browser")).isEmpty();
    assertThat(LoginFlow.BROWSER.generation("rampart browser x")).isEmpty();
    assertThat(LoginFlow.BROWSER.generation("rampart post broker 3")).isEmpty();
    assertThat(LoginFlow.POST_BROKER.generation("rampart post broker 3")).contains(3L);
    assertThat(
            LoginFlow.POST_BROKER.newest(
                List.of("rampart post broker 2", "rampart post broker 10", "rampart browser 11")))
        .contains("rampart post broker 10");
  }

  private static List<Integer> indexesOf(LoginFlow kind, String authenticator) {
    List<LoginFlow.Step> steps = kind.steps(kind.alias(1));
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (authenticator.equals(steps.get(i).authenticator())) {
        indexes.add(i);
      }
    }
    return indexes;
  }

  private static LoginFlow.Step step(List<LoginFlow.Step> steps, String authenticator) {
    return steps.stream()
        .filter(s -> authenticator.equals(s.authenticator()))
        .findFirst()
        .orElseThrow();
  }
}
