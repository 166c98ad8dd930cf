package dev.rampart.operator.tenant;

import static dev.rampart.operator.model.tenant.TenantNetworkPolicyModel.DEFAULT_DENY;
import static dev.rampart.operator.testing.TestCluster.admin;
import static dev.rampart.operator.testing.TestCluster.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.api.tenant.Limits;
import dev.rampart.operator.api.tenant.Quota;
import dev.rampart.operator.api.tenant.ResourceAmounts;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import dev.rampart.operator.model.tenant.TenantOwnerBindingModel;
import dev.rampart.operator.model.tenant.TenantQuotaModel;
import dev.rampart.operator.testing.SteadyState;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TenantProvisioningIT {

  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    client = admin();
    operator();
  }

  private static Tenant fullTenant(String name) {
    Tenant tenant = Tenants.declaringEverything(name);
    tenant.getSpec().setNamespaces(List.of(name + "-app", name + "-data"));
    return tenant;
  }

  private static Tenant awaitReady(String name) {
    return Tenants.awaitTenant(client, name, Tenants::isReady);
  }

  @Test
  void provisionsIsolatedNamespacesAndReportsThem() {
    String name = Tenants.uniqueName("prov");
    client.resource(fullTenant(name)).create();

    Tenant ready = awaitReady(name);
    assertThat(ready.getStatus().getNamespaces()).containsExactly(name + "-app", name + "-data");
    assertThat(ready.getStatus().getNamespaceCount()).isEqualTo(2);

    for (String ns : List.of(name + "-app", name + "-data")) {
      Namespace namespace = client.namespaces().withName(ns).get();
      assertThat(namespace.getMetadata().getLabels())
          .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
          .containsEntry("pod-security.kubernetes.io/audit", "restricted")
          .containsEntry("pod-security.kubernetes.io/warn", "restricted")
          .containsEntry("rampart.dev/tenant", name)
          .containsEntry("rampart.dev/data-residency", "eu-west-1");
      assertThat(namespace.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(ready.getMetadata().getUid()));
      assertThat(
              client.network().networkPolicies().inNamespace(ns).list().getItems().stream()
                  .map(p -> p.getMetadata().getName()))
          .containsExactlyInAnyOrder(
              TenantNetworkPolicyModel.DEFAULT_DENY,
              TenantNetworkPolicyModel.ALLOW_SAME_TENANT,
              TenantNetworkPolicyModel.ALLOW_DNS,
              TenantNetworkPolicyModel.ALLOW_DECLARED);
      assertThat(
              client
                  .resourceQuotas()
                  .inNamespace(ns)
                  .withName(TenantQuotaModel.QUOTA)
                  .get()
                  .getSpec()
                  .getHard())
          .containsEntry("pods", new Quantity("20"));
      assertThat(client.limitRanges().inNamespace(ns).withName(TenantQuotaModel.LIMITS).get())
          .isNotNull();
      RoleBinding owners =
          client
              .rbac()
              .roleBindings()
              .inNamespace(ns)
              .withName(TenantOwnerBindingModel.BINDING)
              .get();
      assertThat(owners.getRoleRef().getName()).isEqualTo("rampart-tenant-owner");
      assertThat(owners.getSubjects())
          .singleElement()
          .satisfies(s -> assertThat(s.getName()).isEqualTo("alice"));
    }
  }

  /** A new ready tenant declaring everything; its first namespace. */
  private static String readyAppNamespace(String prefix) {
    String name = Tenants.uniqueName(prefix);
    client.resource(fullTenant(name)).create();
    awaitReady(name);
    return name + "-app";
  }

  @Test
  void repairsDeletedAndEditedChildren() {
    String ns = readyAppNamespace("drift");

    var policies = client.network().networkPolicies().inNamespace(ns);
    NetworkPolicy denyBefore = policies.withName(TenantNetworkPolicyModel.DEFAULT_DENY).get();
    policies.withName(TenantNetworkPolicyModel.DEFAULT_DENY).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              NetworkPolicy now = policies.withName(TenantNetworkPolicyModel.DEFAULT_DENY).get();
              return now != null
                  && !now.getMetadata().getUid().equals(denyBefore.getMetadata().getUid());
            });

    // Narrowing the default-deny policy to some pods would let the others through.
    policies
        .withName(TenantNetworkPolicyModel.DEFAULT_DENY)
        .edit(
            p -> {
              p.getSpec()
                  .setPodSelector(
                      new LabelSelectorBuilder().withMatchLabels(Map.of("x", "y")).build());
              return p;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                policies
                    .withName(TenantNetworkPolicyModel.DEFAULT_DENY)
                    .get()
                    .getSpec()
                    .getPodSelector()
                    .getMatchLabels()
                    .isEmpty());

    client.rbac().roleBindings().inNamespace(ns).withName(TenantOwnerBindingModel.BINDING).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .rbac()
                        .roleBindings()
                        .inNamespace(ns)
                        .withName(TenantOwnerBindingModel.BINDING)
                        .get()
                    != null);

    client
        .resourceQuotas()
        .inNamespace(ns)
        .withName(TenantQuotaModel.QUOTA)
        .edit(
            q -> {
              q.getSpec().getHard().put("pods", new Quantity("1000"));
              return q;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                    .resourceQuotas()
                    .inNamespace(ns)
                    .withName(TenantQuotaModel.QUOTA)
                    .get()
                    .getSpec()
                    .getHard()
                    .get("pods")
                    .equals(new Quantity("20")));
  }

  /**
   * What Rampart leaves empty must stay empty: a rule added to the default-deny policy, or a quota
   * Rampart does not set, belongs to another field manager, which no server-side apply removes.
   */
  @Test
  void revertsWhatOthersAddToFieldsRampartLeavesEmpty() {
    String ns = readyAppNamespace("open");
    var deny = client.network().networkPolicies().inNamespace(ns).withName(DEFAULT_DENY);
    for (String direction : List.of("ingress", "egress")) {
      // kubectl patch networkpolicy rampart-default-deny -p '{"spec":{"ingress":[{}]}}'
      deny.patch(
          PatchContext.of(PatchType.JSON_MERGE),
          Serialization.asJson(Map.of("spec", Map.of(direction, List.of(Map.of())))));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  deny.get().getSpec().getIngress().isEmpty()
                      && deny.get().getSpec().getEgress().isEmpty());
    }
    var quota = client.resourceQuotas().inNamespace(ns).withName(TenantQuotaModel.QUOTA);
    quota.patch(
        PatchContext.of(PatchType.JSON_MERGE),
        Serialization.asJson(Map.of("spec", Map.of("hard", Map.of("services", "1000")))));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !quota.get().getSpec().getHard().containsKey("services"));
    // Someone else's labels are metadata, not the boundary: they stay.
    assertThat(deny.get().getMetadata().getLabels()).containsKey(Labels.TENANT);
  }

  @Test
  void removesAllowancesTheSpecNoLongerDeclares() {
    String name = Tenants.uniqueName("prune");
    client.resource(fullTenant(name)).create();
    awaitReady(name);
    String ns = name + "-app";
    assertThat(
            client
                .network()
                .networkPolicies()
                .inNamespace(ns)
                .withName(TenantNetworkPolicyModel.ALLOW_DECLARED)
                .get())
        .isNotNull();

    Tenants.editSpec(
        client,
        name,
        spec -> {
          spec.setNetwork(null);
          spec.setQuota(null);
        });

    awaitReady(name);
    assertThat(
            client
                .network()
                .networkPolicies()
                .inNamespace(ns)
                .withName(TenantNetworkPolicyModel.ALLOW_DECLARED)
                .get())
        .isNull();
    assertThat(client.resourceQuotas().inNamespace(ns).withName(TenantQuotaModel.QUOTA).get())
        .isNull();
    assertThat(
            client
                .network()
                .networkPolicies()
                .inNamespace(ns)
                .withName(TenantNetworkPolicyModel.DEFAULT_DENY)
                .get())
        .isNotNull();
  }

  @Test
  void steadyStateMakesNoWrites() {
    String name = Tenants.uniqueName("idle");
    client.resource(fullTenant(name)).create();
    awaitReady(name);
    SteadyState.awaitSettled();
    long before = operator().writes();
    await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
    assertThat(operator().writes() - before).as("writes during 10 s idle").isZero();
    // A label someone adds to the default-deny policy wakes the Tenant's reconcile (the informer
    // sees the change), which must find everything as it wants it.
    SteadyState.assertNoWritesWhile(() -> labelDefaultDeny(name + "-app"));
  }

  /**
   * Where a user spells a quantity otherwise than the API server stores it ({@code 1024Mi} is kept
   * as {@code 1Gi}, {@code 0.5} as {@code 500m}), the converged Tenant still makes no writes.
   */
  @Test
  void nonCanonicalQuantitiesMakeNoWritesOnceConverged() {
    String name = Tenants.uniqueName("qty");
    Tenant tenant = Tenants.owned(name, "alice");
    Quota quota = new Quota();
    quota.setHard(
        Map.of("requests.cpu", "0.5", "limits.memory", "1024Mi", "requests.storage", "1000M"));
    tenant.getSpec().setQuota(quota);
    Limits limits = new Limits();
    limits.setDefaultRequest(new ResourceAmounts("0.1", "131072Ki"));
    limits.setDefaultLimit(new ResourceAmounts("0.5", "0.5Gi"));
    tenant.getSpec().setLimits(limits);
    client.resource(tenant).create();
    awaitReady(name);
    SteadyState.awaitSettled();
    SteadyState.assertNoWritesWhile(() -> labelDefaultDeny(name));
  }

  private static void labelDefaultDeny(String namespace) {
    client
        .resources(NetworkPolicy.class)
        .inNamespace(namespace)
        .withName(TenantNetworkPolicyModel.DEFAULT_DENY)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("labels", Map.of("seen-by", "audit")))));
  }

  @Test
  void servesHealthAndMetrics() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + operator().httpPort();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("rampart_kubernetes_writes_total")
        .contains("operator_sdk_")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void printerColumnsShowReadinessAndRegion() {
    String name = Tenants.uniqueName("cols");
    client.resource(fullTenant(name)).create();
    awaitReady(name);
    var result = TestCluster.kubectl(null, "get", "tenant", name);
    String[] lines = result.output().strip().split("\n");
    List<String> headers = List.of(lines[0].trim().split("\\s+"));
    List<String> row = List.of(lines[1].trim().split("\\s+"));
    assertThat(headers).contains("READY", "REASON", "NAMESPACES", "REGION", "AGE");
    assertThat(row.get(headers.indexOf("NAME"))).isEqualTo(name);
    assertThat(row.get(headers.indexOf("READY"))).isEqualTo("True");
    assertThat(row.get(headers.indexOf("REASON"))).isEqualTo("Provisioned");
    assertThat(row.get(headers.indexOf("NAMESPACES"))).isEqualTo("2");
    assertThat(row.get(headers.indexOf("REGION"))).isEqualTo("eu-west-1");
    var wait =
        TestCluster.kubectl(
            null, "wait", "--for=condition=Ready", "--timeout=10s", "tenant/" + name);
    assertThat(wait.exitCode()).as(wait.output()).isZero();
  }
}
