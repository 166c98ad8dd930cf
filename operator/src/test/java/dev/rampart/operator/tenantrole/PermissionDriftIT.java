package dev.rampart.operator.tenantrole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.api.tenant.PermissionDrift;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.policy.RbacDrift;
import dev.rampart.operator.testing.SteadyState;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Permission drift against the real API server: a RoleBinding someone else writes in a tenant
 * namespace that grants more than a tenant owner holds is reported (Event, metric, bounded report)
 * or, for a Tenant that asks, removed; one within the owner role is not drift.
 */
class PermissionDriftIT {

  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    client = TestCluster.admin();
    TestCluster.operator();
  }

  private static String tenant(String prefix, PermissionDrift mode) {
    String name = Tenants.uniqueName(prefix);
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().setPermissionDrift(mode);
    client.resource(tenant).create();
    Tenants.awaitTenant(client, name, Tenants::isReady);
    return name;
  }

  private static RoleBinding bind(String namespace, String name, String clusterRole, String user) {
    return client
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(clusterRole)
                .endRoleRef()
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .create();
  }

  private static List<Event> eventsAbout(String tenant, String reason) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> tenant.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private static double driftMetric(String tenant) throws Exception {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + TestCluster.operator().httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return metrics
        .lines()
        .filter(line -> line.startsWith("rampart_rbac_drift{"))
        .filter(line -> line.contains("tenant=\"" + tenant + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(-1);
  }

  private static ConfigMap report(String namespace) {
    return client.configMaps().inNamespace(namespace).withName(RbacDrift.REPORT).get();
  }

  @Test
  void aBindingOfAdminIsReportedOnceAndOneWithinTheOwnerRoleIsNot() throws Exception {
    String ns = tenant("drift", PermissionDrift.REPORT);
    bind(ns, "frank-owns-too", "rampart-tenant-owner", "frank");
    bind(ns, "eve-is-admin", "admin", "eve");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !eventsAbout(ns, "PermissionDrift").isEmpty() && report(ns) != null);
    Event event = eventsAbout(ns, "PermissionDrift").get(0);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage())
        .startsWith("RoleBinding " + ns + "/eve-is-admin binds ClusterRole admin to User eve")
        .contains("granting more than a tenant owner holds:");
    assertThat(eventsAbout(ns, "PermissionDrift")).hasSize(1);
    String json = report(ns).getData().get(RbacDrift.REPORT_FILE);
    assertThat(json)
        .contains("\"kind\" : \"PolicyReport\"", "\"fail\" : 1", "eve-is-admin")
        .doesNotContain("frank-owns-too");
    await().atMost(Duration.ofSeconds(10)).until(() -> driftMetric(ns) == 1.0);
    assertThat(client.rbac().roleBindings().inNamespace(ns).withName("eve-is-admin").get())
        .as("report mode leaves the binding")
        .isNotNull();

    SteadyState.awaitSettled();
    SteadyState.assertNoWritesWhile(
        () ->
            client
                .rbac()
                .roleBindings()
                .inNamespace(ns)
                .withName("frank-owns-too")
                .edit(
                    binding -> {
                      binding.getMetadata().setAnnotations(Map.of("test/poke", "1"));
                      return binding;
                    }));

    client.rbac().roleBindings().inNamespace(ns).withName("eve-is-admin").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> report(ns) == null);
    await().atMost(Duration.ofSeconds(10)).until(() -> driftMetric(ns) == 0.0);
  }

  @Test
  void aTenantThatEnforcesLosesTheGrantAtOnce() {
    String ns = tenant("drift-enforce", PermissionDrift.ENFORCE);
    bind(ns, "mallory-edits", "edit", "mallory");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.rbac().roleBindings().inNamespace(ns).withName("mallory-edits").get()
                    == null);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !eventsAbout(ns, "PermissionDriftRemoved").isEmpty());
    assertThat(eventsAbout(ns, "PermissionDriftRemoved").get(0).getMessage())
        .startsWith("deleted: RoleBinding " + ns + "/mallory-edits binds ClusterRole edit");
    assertThat(report(ns)).isNull();
  }
}
