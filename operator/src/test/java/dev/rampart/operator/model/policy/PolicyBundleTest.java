package dev.rampart.operator.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.testing.PolicyRoles;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyBundleTest {

  private static final PolicyLibrary LIBRARY = PolicyLibrary.builtIn();

  private static Tenant tenant() {
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName("acme").withUid("u-1").build());
    return tenant;
  }

  @Test
  void theSamePolicyAlwaysMakesTheSameFilesAndRevision() {
    TenantPolicy policy =
        new TenantPolicy(
            "acme",
            PolicyRoles.ALL,
            Map.of("alice", Set.of("viewer", "auditor")),
            Map.of(),
            Map.of("copilot", Set.of("invoice:read", "invoice:list")));
    PolicyBundle once = PolicyBundle.of(LIBRARY, policy);
    PolicyBundle again =
        PolicyBundle.of(
            LIBRARY,
            new TenantPolicy(
                "acme",
                PolicyRoles.ALL,
                Map.of("alice", Set.of("auditor", "viewer")),
                Map.of(),
                Map.of("copilot", Set.of("invoice:list", "invoice:read"))));
    assertThat(again).isEqualTo(once);
    assertThat(once.revision()).hasSize(16);
    assertThat(once.opaFiles().get(PolicyBundle.MANIFEST_FILE))
        .contains(
            "\"revision\" : \"" + once.revision() + "\"",
            "\"roots\" : [ \"rampart\", \"system/log\" ]");
    assertThat(
            PolicyBundle.of(LIBRARY, TenantPolicy.of("acme", List.of(PolicyRoles.VIEWER)))
                .revision())
        .isNotEqualTo(once.revision());
  }

  @Test
  void aBundleIsReadBackFromItsConfigMapsOnlyWhileTheyAreIntact() {
    PolicyBundle bundle = PolicyBundle.of(LIBRARY, TenantPolicy.of("acme", PolicyRoles.ALL));
    List<ConfigMap> written = bundle.configMaps(tenant(), "acme");
    assertThat(written)
        .extracting(c -> c.getMetadata().getName())
        .containsExactly(PolicyBundle.OPA_CONFIG_MAP, PolicyBundle.CEDAR_CONFIG_MAP);
    assertThat(written.get(0).getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("u-1");
    assertThat(PolicyBundle.fromConfigMaps(written.get(0), written.get(1))).contains(bundle);

    ConfigMap edited =
        new ConfigMapBuilder(written.get(0))
            .addToData(PolicyBundle.DATA_FILE, "{\"rampart\": {\"roles\": {}}}")
            .build();
    assertThat(PolicyBundle.fromConfigMaps(edited, written.get(1))).isEmpty();
    ConfigMap relabelled =
        new ConfigMapBuilder(written.get(1))
            .editMetadata()
            .addToAnnotations(PolicyBundle.REVISION_ANNOTATION, "0000000000000000")
            .endMetadata()
            .build();
    assertThat(PolicyBundle.fromConfigMaps(written.get(0), relabelled)).isEmpty();
  }
}
