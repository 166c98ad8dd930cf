package dev.rampart.operator.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.model.policy.PolicyRole.Conditions;
import dev.rampart.operator.model.policy.PolicyRole.Permission;
import dev.rampart.operator.testing.PolicyRoles;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CedarPoliciesTest {

  @Test
  void eachActionOfAPermissionIsOnePermitWithEveryConditionSpelledOut() {
    String permits =
        CedarPolicies.permits(
            List.of(PolicyRoles.PII_EXPORTER, PolicyRoles.VIEWER, PolicyRoles.AUTHOR));

    // 2 actions of the exporter, 2 of the viewer, 3 + 2 of the author's two permissions.
    assertThat(Pattern.compile("^permit \\(", Pattern.MULTILINE).matcher(permits).results())
        .hasSize(9);
    assertThat(permits)
        .contains("@id(\"role pii-exporter permission 0 export\")")
        .contains("@id(\"role pii-exporter permission 0 read\")")
        .contains("principal in Rampart::Role::\"pii-exporter\"")
        .contains("action == Rampart::Action::\"export\"")
        .contains("resource.type == \"customer\"")
        .contains("principal.department == resource.department")
        .contains("[\"eu-west-1\"].contains(resource.region)")
        .contains("resource.sensitivity <= 2")
        .contains("@id(\"role author permission 1 list\")")
        .contains("resource.owner == principal")
        .contains(
            "(context.amr.containsAny([\"hwk\", \"mfa\", \"otp\", \"sc\", \"swk\"]) || context.acr == \"mfa\")")
        .contains("context.agent.scopes.contains(\"customer:export\")");
  }

  @Test
  void aPermissionWithoutConditionsChecksOnlyTheTypeAndTheAgent() {
    String permit =
        CedarPolicies.permits(
            List.of(
                new PolicyRole(
                    "auditor",
                    false,
                    List.of(new Permission("invoice", List.of("list"), Conditions.NONE)))));

    assertThat(permit)
        .doesNotContain("department")
        .doesNotContain("region")
        .doesNotContain("sensitivity")
        .doesNotContain("owner")
        .doesNotContain("amr");
  }

  @Test
  void aTenantsPoliciesForbidEveryResourceOfAnotherTenant() {
    assertThat(CedarPolicies.of(TenantPolicy.of("acme", List.of(PolicyRoles.VIEWER))))
        .startsWith(
            "@id(\"served-tenant\")\nforbid (principal, action, resource)\n"
                + "unless { resource.tenant == \"acme\" };")
        .contains("@id(\"role viewer permission 0 read\")");
  }

  @Test
  void namesAreCedarStringLiterals() {
    assertThat(CedarPolicies.literal("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }
}
