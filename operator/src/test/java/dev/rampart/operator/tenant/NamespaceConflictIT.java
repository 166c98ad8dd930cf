package dev.rampart.operator.tenant;

import static dev.rampart.operator.testing.TestCluster.admin;
import static dev.rampart.operator.testing.TestCluster.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import dev.rampart.operator.model.tenant.TenantStatusModel;
import dev.rampart.operator.testing.SteadyState;
import dev.rampart.operator.testing.Tenants;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A namespace that exists and is not the tenant's is never adopted, whatever its labels say. */
class NamespaceConflictIT {

  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    client = admin();
    operator();
  }

  private static Namespace createNamespace(String name, Map<String, String> labels) {
    return client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static Condition awaitCondition(String tenant, String type, String status) {
    Condition[] found = new Condition[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Tenant t = client.resources(Tenant.class).withName(tenant).get();
              if (t == null || t.getStatus() == null) {
                return false;
              }
              found[0] =
                  t.getStatus().getConditions().stream()
                      .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                      .findFirst()
                      .orElse(null);
              return found[0] != null;
            });
    return found[0];
  }

  private static void awaitPolicies(String namespace, int count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.network().networkPolicies().inNamespace(namespace).list().getItems().size()
                    == count);
  }

  private static void assertUntouched(Namespace before) {
    String name = before.getMetadata().getName();
    Namespace after = client.namespaces().withName(name).get();
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getMetadata().getOwnerReferences())
        .isEqualTo(before.getMetadata().getOwnerReferences());
    assertThat(client.network().networkPolicies().inNamespace(name).list().getItems()).isEmpty();
    assertThat(client.rbac().roleBindings().inNamespace(name).list().getItems()).isEmpty();
  }

  @Test
  void leavesAForeignNamespaceAloneAndProvisionsTheRest() {
    String name = Tenants.uniqueName("conf");
    Namespace legacy = createNamespace(name + "-legacy", Map.of("team", "payments"));
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().setNamespaces(List.of(name + "-legacy", name + "-new"));
    client.resource(tenant).create();

    Condition conflict = awaitCondition(name, TenantStatusModel.NAMESPACE_CONFLICT, "True");
    assertThat(conflict.getMessage())
        .contains(name + "-legacy")
        .contains("do not belong to this tenant");
    Condition ready = awaitCondition(name, "Ready", "False");
    assertThat(ready.getReason()).isEqualTo("NamespaceConflict");
    awaitPolicies(name + "-new", 3);
    assertUntouched(legacy);
    assertThat(client.v1().events().inNamespace("default").list().getItems())
        .filteredOn(e -> name.equals(e.getInvolvedObject().getName()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("NamespaceConflict");
              assertThat(e.getMessage()).contains(name + "-legacy");
            });

    // Once the foreign namespace is gone, the tenant takes the name and becomes Ready.
    client.namespaces().withName(name + "-legacy").delete();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> Tenants.isReady(client.resources(Tenant.class).withName(name).get()));
    assertThat(client.namespaces().withName(name + "-legacy").get().getMetadata().getLabels())
        .containsEntry("rampart.dev/tenant", name);
  }

  /**
   * The loser of a namespace claim neither lets that namespace into its policies nor keeps asking
   * for it: while the conflict lasts its reconciles (woken here by a change in the namespace it
   * does own) write nothing.
   */
  @Test
  void aLostNamespaceIsOutsideTheLosersBoundaryAndAsksNothing() {
    String name = Tenants.uniqueName("lost");
    createNamespace(name + "-taken", Map.of());
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().setNamespaces(List.of(name, name + "-taken"));
    client.resource(tenant).create();
    awaitCondition(name, TenantStatusModel.NAMESPACE_CONFLICT, "True");
    awaitPolicies(name, 3);

    NetworkPolicy sameTenant =
        client
            .network()
            .networkPolicies()
            .inNamespace(name)
            .withName(TenantNetworkPolicyModel.ALLOW_SAME_TENANT)
            .get();
    assertThat(sameTenant.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector())
        .satisfies(
            s -> assertThat(s.getMatchExpressions().get(0).getValues()).containsExactly(name));
    assertThat(sameTenant.getSpec().getEgress().get(0).getTo().get(0).getNamespaceSelector())
        .satisfies(
            s -> assertThat(s.getMatchExpressions().get(0).getValues()).containsExactly(name));

    SteadyState.awaitSettled();
    SteadyState.assertNoWritesWhile(
        () ->
            client
                .network()
                .networkPolicies()
                .inNamespace(name)
                .withName(TenantNetworkPolicyModel.DEFAULT_DENY)
                .edit(
                    policy -> {
                      policy.getMetadata().getLabels().put("poked", "yes");
                      return policy;
                    }));
  }

  @Test
  void aTenantLabelOnAForeignNamespaceDoesNotMakeItTheTenants() {
    String name = Tenants.uniqueName("lbl");
    Namespace planted =
        createNamespace(
            name, Map.of("rampart.dev/tenant", name, "app.kubernetes.io/managed-by", "rampart"));
    client.resource(Tenants.owned(name, "mallory")).create();

    awaitCondition(name, TenantStatusModel.NAMESPACE_CONFLICT, "True");
    assertUntouched(planted);
  }

  @Test
  void aTenantCannotClaimAnotherTenantsNamespace() {
    String first = Tenants.uniqueName("own");
    client.resource(Tenants.owned(first, "alice")).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Tenants.isReady(client.resources(Tenant.class).withName(first).get()));
    Namespace owned = client.namespaces().withName(first).get();

    String second = Tenants.uniqueName("grab");
    Tenant grabber = Tenants.owned(second, "mallory");
    grabber.getSpec().setNamespaces(List.of(first));
    client.resource(grabber).create();

    awaitCondition(second, TenantStatusModel.NAMESPACE_CONFLICT, "True");
    Namespace after = client.namespaces().withName(first).get();
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(owned.getMetadata().getResourceVersion());
    assertThat(
            client
                .rbac()
                .roleBindings()
                .inNamespace(first)
                .withName("rampart-tenant-owners")
                .get()
                .getSubjects())
        .extracting(s -> s.getName())
        .containsExactly("alice");
  }
}
