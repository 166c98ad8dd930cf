package dev.rampart.operator.tenant;

import static dev.rampart.operator.testing.TestCluster.admin;
import static dev.rampart.operator.testing.TestCluster.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.tenant.ReleasedNamespaceModel;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import dev.rampart.operator.model.tenant.TenantStatusModel;
import dev.rampart.operator.testing.Tenants;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A namespace taken out of spec.namespaces is released: it and its data stay, no longer the
 * tenant's, closed to the network by a default-deny nobody manages.
 */
class NamespaceReleaseIT {

  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    client = admin();
    operator();
  }

  @Test
  void aNamespaceNoLongerDeclaredIsReleasedWithItsDataAndStaysClosed() {
    String name = Tenants.uniqueName("rel");
    String kept = name + "-a";
    String released = name + "-b";
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().setNamespaces(List.of(kept, released));
    client.resource(tenant).create();
    Tenants.awaitTenant(client, name, Tenants::isReady);
    client
        .configMaps()
        .inNamespace(released)
        .resource(new ConfigMapBuilder().withNewMetadata().withName("data").endMetadata().build())
        .create();

    Tenants.editSpec(client, name, spec -> spec.setNamespaces(List.of(kept)));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                !client
                    .namespaces()
                    .withName(released)
                    .get()
                    .getMetadata()
                    .getLabels()
                    .containsKey("rampart.dev/tenant"));
    Namespace namespace = client.namespaces().withName(released).get();
    assertThat(namespace.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(namespace.getMetadata().getAnnotations())
        .containsEntry(ReleasedNamespaceModel.RELEASED_FROM, name);
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(client.network().networkPolicies().inNamespace(released).list().getItems())
        .singleElement()
        .satisfies(
            policy -> {
              assertThat(policy.getMetadata().getName())
                  .isEqualTo(TenantNetworkPolicyModel.DEFAULT_DENY);
              assertThat(policy.getMetadata().getLabels()).doesNotContainKey("rampart.dev/tenant");
              assertThat(policy.getMetadata().getOwnerReferences()).isEmpty();
              assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
              assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
              assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
            });
    assertThat(client.rbac().roleBindings().inNamespace(released).list().getItems()).isEmpty();
    assertThat(client.resourceQuotas().inNamespace(released).list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace(released).withName("data").get()).isNotNull();

    Tenant after =
        Tenants.awaitTenant(
            client, name, t -> Tenants.isReady(t) && t.getStatus().getNamespaces().size() == 1);
    assertThat(after.getStatus().getNamespaces()).containsExactly(kept);
    NetworkPolicy sameTenant =
        client
            .network()
            .networkPolicies()
            .inNamespace(kept)
            .withName(TenantNetworkPolicyModel.ALLOW_SAME_TENANT)
            .get();
    assertThat(
            sameTenant
                .getSpec()
                .getIngress()
                .get(0)
                .getFrom()
                .get(0)
                .getNamespaceSelector()
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly(kept);
    assertThat(client.v1().events().inNamespace("default").list().getItems())
        .filteredOn(e -> name.equals(e.getInvolvedObject().getName()))
        .filteredOn(e -> "NamespaceReleased".equals(e.getReason()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getMessage()).contains(released).contains("released with its data");
            });

    // Released is released: declaring it again is a claim on someone else's namespace.
    Tenants.editSpec(client, name, spec -> spec.setNamespaces(List.of(kept, released)));
    Tenants.awaitTenant(
        client,
        name,
        t ->
            t.getStatus().getObservedGeneration().equals(t.getMetadata().getGeneration())
                && Conditions.isTrue(
                    t.getStatus().getConditions(), TenantStatusModel.NAMESPACE_CONFLICT));

    // Deleting the Tenant deletes the namespace it kept, not the one it released.
    client.resources(Tenant.class).withName(name).delete();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> client.namespaces().withName(kept).get() == null);
    assertThat(client.namespaces().withName(released).get().getMetadata().getDeletionTimestamp())
        .isNull();
    assertThat(client.configMaps().inNamespace(released).withName("data").get()).isNotNull();
  }
}
