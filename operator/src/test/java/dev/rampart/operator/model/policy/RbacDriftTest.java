package dev.rampart.operator.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.policy.RbacDrift.Drift;
import dev.rampart.operator.model.policy.RbacDrift.Grant;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RbacDriftTest {

  private static final List<PolicyRule> OWNER =
      List.of(
          new PolicyRuleBuilder()
              .withApiGroups("")
              .withResources("pods")
              .withVerbs("get", "list")
              .build());

  private static final List<PolicyRule> ADMIN =
      List.of(
          new PolicyRuleBuilder()
              .withApiGroups("", "rbac.authorization.k8s.io")
              .withResources("pods", "rolebindings")
              .withVerbs("get", "create")
              .build());

  private static RoleBinding binding(String name, Map<String, String> labels) {
    return new RoleBindingBuilder()
        .withMetadata(
            new ObjectMetaBuilder().withNamespace("acme").withName(name).withLabels(labels).build())
        .withNewRoleRef()
        .withKind("ClusterRole")
        .withName("admin")
        .endRoleRef()
        .addNewSubject()
        .withKind("User")
        .withName("eve")
        .endSubject()
        .build();
  }

  @Test
  void onlyOthersBindingsThatGrantBeyondTheOwnerAreDrift() {
    List<Drift> drift =
        RbacDrift.find(
            List.of(
                new Grant(binding("eve-admin", Map.of()), ADMIN),
                new Grant(binding("within", Map.of()), OWNER),
                new Grant(
                    binding(
                        "rampart-tenant-owners",
                        Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_RAMPART)),
                    ADMIN)),
            OWNER);
    assertThat(drift).extracting(Drift::key).containsExactly("acme/eve-admin");
    assertThat(drift.get(0).message())
        .isEqualTo(
            "RoleBinding acme/eve-admin binds ClusterRole admin to User eve, granting more than a"
                + " tenant owner holds: create pods, get rolebindings, create rolebindings, get"
                + " pods.rbac.authorization.k8s.io, create pods.rbac.authorization.k8s.io and 2"
                + " more");
  }

  @Test
  void theReportIsCappedAndItsSummaryCountsEverything() throws Exception {
    List<Grant> grants = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      grants.add(new Grant(binding("b-" + i, Map.of()), ADMIN));
    }
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName("acme").withUid("u-1").build());
    var report = RbacDrift.report(tenant, "acme", RbacDrift.find(grants, OWNER));
    JsonNode json = new ObjectMapper().readTree(report.get(0).getData().get(RbacDrift.REPORT_FILE));
    assertThat(json.path("kind").asText()).isEqualTo("PolicyReport");
    assertThat(json.path("summary").path("fail").asInt()).isEqualTo(60);
    assertThat(json.path("results")).hasSize(RbacDrift.REPORT_CAP);
    assertThat(json.path("truncated").asBoolean()).isTrue();
    assertThat(RbacDrift.report(tenant, "acme", List.of())).isEmpty();
  }
}
