package dev.rampart.operator.tenant;

import static dev.rampart.operator.testing.TestCluster.admin;
import static dev.rampart.operator.testing.TestCluster.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.api.tenant.Tenant;
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
  void preventDeletionRefusesWithAClearMessage() {
    String name = Tenants.uniqueName("keep");
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().setPreventDeletion(true);
    createReady(tenant);

    var refused = TestCluster.kubectl(null, "delete", "tenant", name, "--wait=false");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output())
        .contains("Tenant " + name + " has spec.preventDeletion: true")
        .contains("set it to false first");
    assertThat(
            client
                .resources(Tenant.class)
                .withName(name)
                .get()
                .getMetadata()
                .getDeletionTimestamp())
        .isNull();
    assertThat(client.namespaces().withName(name).get()).isNotNull();

    client
        .resources(Tenant.class)
        .withName(name)
        .edit(
            t -> {
              t.getSpec().setPreventDeletion(false);
              return t;
            });
    var deleted = TestCluster.kubectl(null, "delete", "tenant", name, "--wait=false");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> client.namespaces().withName(name).get() == null);
  }
}
