package dev.rampart.operator.tenant;

import static dev.rampart.operator.testing.TestCluster.admin;
import static dev.rampart.operator.testing.TestCluster.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.tenant.TenantNamespaceModel;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deletion cascades through the real garbage collector and namespace controller. */
class TenantDeletionIT {

  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    client = admin();
    operator();
  }

  private static void createReady(Tenant tenant) {
    client.resource(tenant).create();
    String name = tenant.getMetadata().getName();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Tenants.isReady(client.resources(Tenant.class).withName(name).get()));
  }

  @Test
  void deletingATenantDeletesItsNamespaces() {
    String name = Tenants.uniqueName("del");
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().setNamespaces(List.of(name + "-a", name + "-b"));
    createReady(tenant);
    client
        .configMaps()
        .inNamespace(name + "-a")
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .build())
        .create();

    client.resources(Tenant.class).withName(name).delete();

    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                client.namespaces().withName(name + "-a").get() == null
                    && client.namespaces().withName(name + "-b").get() == null);
  }

  @Test
  void preventDeletionProtectsTheTenantAndItsNamespaces() {
    String name = Tenants.uniqueName("keep");
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().setPreventDeletion(true);
    createReady(tenant);
    Tenants.awaitTenant(client, name, t -> t.getStatus().isNamespacesProtected());

    var refused = TestCluster.kubectl(null, "delete", "tenant", name, "--wait=false");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output())
        .contains("Tenant " + name + " has spec.preventDeletion: true")
        .contains("set it to false first");
    var namespaceRefused = TestCluster.kubectl(null, "delete", "namespace", name, "--wait=false");
    assertThat(namespaceRefused.exitCode()).isNotZero();
    assertThat(namespaceRefused.output())
        .contains("namespace " + name + " belongs to Tenant " + name)
        .contains("spec.preventDeletion is true");
    assertThat(
            client
                .resources(Tenant.class)
                .withName(name)
                .get()
                .getMetadata()
                .getDeletionTimestamp())
        .isNull();
    assertThat(client.namespaces().withName(name).get().getMetadata().getDeletionTimestamp())
        .isNull();

    Tenants.editSpec(client, name, spec -> spec.setPreventDeletion(false));
    Tenants.awaitTenant(
        client, name, t -> Tenants.isReady(t) && !t.getStatus().isNamespacesProtected());
    assertThat(client.namespaces().withName(name).get().getMetadata().getLabels())
        .containsEntry(TenantNamespaceModel.PREVENT_DELETION, "false");
    var deleted = TestCluster.kubectl(null, "delete", "tenant", name, "--wait=false");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> client.namespaces().withName(name).get() == null);
  }

  /**
   * A Tenant whose namespaces may still carry the protection (Rampart has not yet caught up with
   * spec.preventDeletion turning false) is not deleted: the garbage collector would then be refused
   * its namespaces for ever.
   */
  @Test
  void aTenantWhoseNamespacesAreStillProtectedIsNotDeleted() {
    String name = Tenants.uniqueName("prot");
    createReady(Tenants.owned(name, "alice"));
    // What the status says while Rampart has not reconciled the change yet; status changes do
    // not wake the reconciler, so it stays until the next spec change.
    client
        .resources(Tenant.class)
        .withName(name)
        .editStatus(
            t -> {
              t.getStatus().setNamespacesProtected(true);
              return t;
            });

    var refused = TestCluster.kubectl(null, "delete", "tenant", name, "--wait=false");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output())
        .contains("Tenant " + name + " still protects its namespaces")
        .contains("status.namespacesProtected");

    Tenants.editSpec(client, name, spec -> spec.getOwners().get(0).setName("bob"));
    Tenants.awaitTenant(
        client, name, t -> Tenants.isReady(t) && !t.getStatus().isNamespacesProtected());
    var deleted = TestCluster.kubectl(null, "delete", "tenant", name, "--wait=false");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
  }
}
