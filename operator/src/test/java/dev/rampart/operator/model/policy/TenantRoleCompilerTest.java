package dev.rampart.operator.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.model.policy.TenantRoleCompiler.Compiled;
import dev.rampart.operator.testing.PolicyRoles;
import dev.rampart.operator.testing.TenantRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantRoleCompilerTest {

  private static final TenantRoleCompiler.Tenant ACME =
      new TenantRoleCompiler.Tenant(
          "acme", DataClassification.RESTRICTED, Set.of("acme", "acme-2"));

  @Test
  void theFiveRolesCompileToThePolicyLibrarysRolesWithTheirSubjectsAndAgents() {
    Compiled compiled = TenantRoleCompiler.compile(ACME, TenantRoles.five("acme"));
    assertThat(compiled.invalid()).isEmpty();
    assertThat(compiled.policy().roles()).containsExactlyInAnyOrderElementsOf(PolicyRoles.ALL);
    assertThat(compiled.policy().users()).isEqualTo(Map.of("alice", Set.of("viewer")));
    assertThat(compiled.policy().groups()).isEqualTo(Map.of("writers", Set.of("author")));
    assertThat(compiled.policy().scopesOf("copilot"))
        .contains("invoice:read", "invoice:approve", "document:delete")
        .doesNotContain("customer:export");
    assertThat(compiled.cases()).hasSize(13);
  }

  @Test
  void aTestLeavesOutWhatItsRoleAndTenantSupply() {
    Compiled compiled = TenantRoleCompiler.compile(ACME, TenantRoles.five("acme"));
    PolicyInput input =
        compiled.cases().stream()
            .filter(c -> c.test().getName().equals("viewer-cannot-export-pii"))
            .findFirst()
            .orElseThrow()
            .input();
    assertThat(input.principal().roles()).containsExactly("viewer");
    assertThat(input.principal().tenant()).isEqualTo("acme");
    assertThat(input.resource().tenant()).isEqualTo("acme");
    assertThat(input.resource().owner()).isEmpty();
    assertThat(input.resource().sensitivity()).isEqualTo(DataClassification.CONFIDENTIAL);
    assertThat(input.amr()).isEmpty();
    assertThat(input.agent()).isEmpty();
    PolicyInput byGroup =
        compiled.cases().stream()
            .filter(c -> c.test().getName().equals("a-writer-holds-author-by-group"))
            .findFirst()
            .orElseThrow()
            .input();
    assertThat(byGroup.principal().roles()).isEmpty();
    assertThat(compiled.policy().rolesOf(byGroup.principal())).containsExactly("author");
  }

  @Test
  void theOldestRoleKeepsANameTwoNamespacesShare() {
    TenantRole first = TenantRoles.role("acme", "viewer", TenantRoles.FIVE.get("viewer"));
    first.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    TenantRole second = TenantRoles.role("acme-2", "viewer", TenantRoles.FIVE.get("viewer"));
    second.getMetadata().setCreationTimestamp("2026-02-01T00:00:00Z");
    Compiled compiled = TenantRoleCompiler.compile(ACME, List.of(second, first));
    assertThat(compiled.invalid()).containsOnlyKeys("acme-2/viewer");
    assertThat(compiled.invalid().get("acme-2/viewer"))
        .contains("the role name viewer is already TenantRole acme/viewer's");
    assertThat(compiled.policy().roles()).hasSize(1);
  }

  @Test
  void reportsWhatTheSchemaCannotKnow() {
    TenantRoleCompiler.Tenant internal =
        new TenantRoleCompiler.Tenant("acme", DataClassification.INTERNAL, Set.of("acme"));
    List<TenantRole> roles = new ArrayList<>();
    roles.add(TenantRoles.role("acme", "pii-exporter", TenantRoles.FIVE.get("pii-exporter")));
    roles.add(
        TenantRoles.role(
            "acme",
            "outsider",
            """
            permissions: [{resource: invoice, actions: [read]}]
            subjects: {serviceAccounts: [{namespace: globex, name: app}]}
            """));
    roles.add(
        TenantRoles.role(
            "acme",
            "dangling",
            """
            permissions: [{resource: invoice, actions: [read]}]
            tests:
              - {name: t, expect: deny, principal: {id: a, roles: [admin]}, action: read,
                 resource: {type: invoice}}
            """));
    roles.add(
        TenantRoles.role(
            "acme",
            "overreach",
            """
            permissions: [{resource: invoice, actions: [read]}]
            subjects: {agents: [{id: copilot, scopes: ["invoice:read", "invoice:delete"]}]}
            """));
    Compiled compiled = TenantRoleCompiler.compile(internal, roles);
    assertThat(compiled.invalid().get("acme/pii-exporter"))
        .isEqualTo(
            "permission on customer allows sensitivity confidential, above tenant acme's"
                + " dataClassification internal");
    assertThat(compiled.invalid().get("acme/outsider"))
        .isEqualTo("subject ServiceAccount globex/app is not in a namespace of tenant acme");
    assertThat(compiled.invalid().get("acme/dangling"))
        .isEqualTo("test t names role admin, which no TenantRole of tenant acme defines");
    assertThat(compiled.invalid().get("acme/overreach"))
        .startsWith("agent copilot has scope invoice:delete, which this role does not permit");
    assertThat(compiled.policy().roles()).isEmpty();
    assertThat(compiled.cases()).isEmpty();
  }

  @Test
  void aFailureNamesTheCaseAndTheEnginesThatDecidedOtherwise() {
    RoleCase denial =
        TenantRoleCompiler.compile(ACME, TenantRoles.five("acme")).cases().stream()
            .filter(c -> c.test().getName().equals("viewer-cannot-export-pii"))
            .findFirst()
            .orElseThrow();
    assertThat(denial.holds(false, false)).isTrue();
    assertThat(denial.holds(true, false)).isFalse();
    assertThat(denial.failure(true, false))
        .isEqualTo(
            "test viewer-cannot-export-pii (a viewer cannot export PII) of TenantRole acme/viewer"
                + " expects deny, but OPA allowed it");
    assertThat(denial.failure(true, true)).endsWith("but OPA and Cedar allowed it");
    assertThat(denial.failure(false, true)).endsWith("but Cedar allowed it");
  }
}
