package dev.rampart.operator.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.testing.TenantRoles;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantRoleRbacTest {

  private static final List<PolicyRule> OWNER =
      List.of(
          new PolicyRuleBuilder()
              .withApiGroups("")
              .withResources("pods", "configmaps")
              .withVerbs("get", "list", "delete")
              .build(),
          new PolicyRuleBuilder()
              .withApiGroups("apps")
              .withResources("deployments")
              .withVerbs("get")
              .withResourceNames("web")
              .build());

  private static TenantRole role(String rules) {
    return TenantRoles.role(
        "acme",
        "ops",
        "permissions: [{resource: invoice, actions: [read]}]\n"
            + "subjects: {users: [bob], groups: [ops], serviceAccounts: [{namespace: acme, name: ci}]}\n"
            + "kubernetesRules:\n"
            + rules);
  }

  private static Tenant tenant() {
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName("acme").withUid("u-1").build());
    return tenant;
  }

  @Test
  void rulesAnOwnerHoldsBecomeARoleBoundToTheSubjects() {
    TenantRole role = role("  - {apiGroups: [''], resources: [pods], verbs: [get, list]}\n");
    assertThat(TenantRoleRbac.beyond(role, OWNER)).isEmpty();
    Role generated = TenantRoleRbac.role(tenant(), role);
    assertThat(generated.getMetadata().getName()).isEqualTo("rampart-role-ops");
    assertThat(generated.getMetadata().getNamespace()).isEqualTo("acme");
    assertThat(generated.getMetadata().getLabels())
        .containsEntry(PolicyLabels.POLICY_OF, "acme")
        .containsEntry(PolicyLabels.TENANT_ROLE, "ops")
        .doesNotContainKey("rampart.dev/tenant");
    assertThat(generated.getRules().get(0).getVerbs()).containsExactly("get", "list");
    RoleBinding binding = TenantRoleRbac.binding(tenant(), role).orElseThrow();
    assertThat(binding.getRoleRef().getName()).isEqualTo("rampart-role-ops");
    assertThat(binding.getSubjects())
        .extracting(s -> s.getKind() + ":" + s.getName())
        .containsExactly("User:bob", "Group:ops", "ServiceAccount:ci");
  }

  @Test
  void namesEveryGrantBeyondTheOwnersIncludingNamesItIsNotLimitedTo() {
    TenantRole role =
        role(
            """
              - {apiGroups: [''], resources: [pods, secrets], verbs: [get, create]}
              - {apiGroups: [apps], resources: [deployments], verbs: [get], resourceNames: [web, db]}
              - {apiGroups: [apps], resources: [deployments], verbs: [get]}
            """);
    assertThat(TenantRoleRbac.beyond(role, OWNER))
        .containsExactly(
            "create pods",
            "get secrets",
            "create secrets",
            "get deployments.apps/db",
            "get deployments.apps");
  }

  @Test
  void aRoleNobodyHoldsGetsNoBinding() {
    TenantRole role =
        TenantRoles.role(
            "acme",
            "ops",
            """
            permissions: [{resource: invoice, actions: [read]}]
            subjects: {agents: [{id: copilot, scopes: ["invoice:read"]}]}
            kubernetesRules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
            """);
    assertThat(TenantRoleRbac.binding(tenant(), role)).isEmpty();
  }
}
