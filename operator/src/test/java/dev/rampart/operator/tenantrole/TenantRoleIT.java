package dev.rampart.operator.tenantrole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.operator.OperatorConfig;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.policy.PolicyBundle;
import dev.rampart.operator.model.policy.PolicyDecisionPoint;
import dev.rampart.operator.model.policy.PolicyInput;
import dev.rampart.operator.model.policy.TenantPolicy;
import dev.rampart.operator.model.policy.TenantRoleCompiler;
import dev.rampart.operator.model.policy.TenantRoleStatusModel;
import dev.rampart.operator.policy.CedarEngine;
import dev.rampart.operator.testing.AccessReviews;
import dev.rampart.operator.testing.LocalDecisionPoint;
import dev.rampart.operator.testing.PolicyRequests;
import dev.rampart.operator.testing.PolicyRequests.Request;
import dev.rampart.operator.testing.PolicyRoles;
import dev.rampart.operator.testing.SteadyState;
import dev.rampart.operator.testing.TenantRoles;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TenantRoles against the real API server: compiled into the tenant's bundle only once every test
 * holds in OPA and Cedar, the last good bundle kept when one fails, the bundle Rampart wrote served
 * by the real opa exactly as Cedar decides, Kubernetes rules turned into Roles unless they grant
 * more than a tenant owner holds.
 */
class TenantRoleIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    client = TestCluster.admin();
    TestCluster.operator();
  }

  /** A ready tenant that may hold restricted data; its namespace is its name. */
  private static String tenant(String prefix) {
    String name = Tenants.uniqueName(prefix);
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().setDataClassification(DataClassification.RESTRICTED);
    client.resource(tenant).create();
    Tenants.awaitTenant(client, name, Tenants::isReady);
    return name;
  }

  private static TenantRole get(String namespace, String name) {
    return client.resources(TenantRole.class).inNamespace(namespace).withName(name).get();
  }

  private static Condition condition(TenantRole role, String type) {
    return role.getStatus() == null
        ? null
        : role.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals(type))
            .findFirst()
            .orElse(null);
  }

  /** Waits until the role's Ready condition, for its current generation, satisfies {@code test}. */
  private static TenantRole awaitReady(String namespace, String name, Predicate<Condition> test) {
    List<TenantRole> seen = new ArrayList<>(List.of(new TenantRole()));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              TenantRole role = get(namespace, name);
              seen.set(0, role);
              Condition ready = condition(role, Conditions.READY);
              return ready != null
                  && role.getMetadata()
                      .getGeneration()
                      .equals(role.getStatus().getObservedGeneration())
                  && test.test(ready);
            });
    return seen.get(0);
  }

  /** Waits until the five roles are served, all in the revision in service, and returns them. */
  private static List<TenantRole> awaitAllServed(String namespace) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              List<TenantRole> roles =
                  client.resources(TenantRole.class).inNamespace(namespace).list().getItems();
              ConfigMap opa = bundle(namespace, PolicyBundle.OPA_CONFIG_MAP);
              return roles.size() == TenantRoles.FIVE.size()
                  && opa != null
                  && roles.stream()
                      .allMatch(
                          role ->
                              reason(TenantRoleStatusModel.SERVED)
                                      .test(
                                          Objects.requireNonNullElse(
                                              condition(role, Conditions.READY), new Condition()))
                                  && role.getStatus()
                                      .getBundleRevision()
                                      .equals(PolicyBundle.revisionOf(opa).orElse("")));
            });
    return client.resources(TenantRole.class).inNamespace(namespace).list().getItems();
  }

  private static Predicate<Condition> reason(String reason) {
    return c -> reason.equals(c.getReason());
  }

  private static ConfigMap bundle(String namespace, String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  private static String servedRevision(String namespace) {
    return PolicyBundle.revisionOf(bundle(namespace, PolicyBundle.OPA_CONFIG_MAP)).orElseThrow();
  }

  @Test
  void servesTheBundleOnceEveryTestHoldsAndWritesNothingInSteadyState() {
    String ns = tenant("trole");
    TenantRoles.five(ns).forEach(role -> client.resource(role).create());
    // Roles created one by one may first be served in a bundle of the first few.
    List<TenantRole> served = awaitAllServed(ns);
    Set<String> revisions = new HashSet<>();
    for (TenantRole role : served) {
      assertThat(condition(role, TenantRoleStatusModel.TESTS_PASSED).getStatus()).isEqualTo("True");
      assertThat(role.getStatus().getTests()).matches("(\\d+)/\\1");
      revisions.add(role.getStatus().getBundleRevision());
    }
    assertThat(revisions).containsExactly(servedRevision(ns));
    ConfigMap cedar = bundle(ns, PolicyBundle.CEDAR_CONFIG_MAP);
    assertThat(PolicyBundle.revisionOf(cedar)).contains(revisions.iterator().next());
    assertThat(cedar.getData().get(PolicyBundle.CEDAR_POLICIES_FILE))
        .contains("@id(\"tenant-isolation\")", "Rampart::Role::\"pii-exporter\"");

    SteadyState.awaitSettled();
    SteadyState.assertNoWritesWhile(
        () ->
            client
                .resources(Tenant.class)
                .withName(ns)
                .edit(
                    t -> {
                      Map<String, String> annotations = new HashMap<>();
                      if (t.getMetadata().getAnnotations() != null) {
                        annotations.putAll(t.getMetadata().getAnnotations());
                      }
                      annotations.put("test/poke", "1");
                      t.getMetadata().setAnnotations(annotations);
                      return t;
                    }));
  }

  @Test
  void aFailingTestKeepsTheLastGoodBundleAndNamesTheCaseAndEngine() {
    String ns = tenant("trole-gate");
    TenantRoles.five(ns).forEach(role -> client.resource(role).create());
    awaitAllServed(ns);
    String good = servedRevision(ns);
    String goodData = bundle(ns, PolicyBundle.OPA_CONFIG_MAP).getData().get("data.json");

    // A viewer who may now export customers breaks "a viewer cannot export PII".
    client
        .resources(TenantRole.class)
        .inNamespace(ns)
        .withName("viewer")
        .edit(
            role -> {
              role.getSpec()
                  .getPermissions()
                  .add(
                      TenantRoles.role(
                              ns, "x", "permissions: [{resource: customer, actions: [export]}]")
                          .getSpec()
                          .getPermissions()
                          .get(0));
              return role;
            });
    TenantRole viewer = awaitReady(ns, "viewer", reason(TenantRoleStatusModel.TEST_FAILED));
    assertThat(condition(viewer, Conditions.READY).getMessage())
        .contains(
            "test viewer-cannot-export-pii (a viewer cannot export PII)",
            "expects deny, but OPA and Cedar allowed it",
            "revision " + good + " stays in service");
    assertThat(viewer.getStatus().getTests()).isEqualTo("2/3");
    assertThat(viewer.getStatus().getBundleRevision()).isEqualTo(good);
    TenantRole auditor = awaitReady(ns, "auditor", reason(TenantRoleStatusModel.ROLLOUT_BLOCKED));
    assertThat(condition(auditor, Conditions.READY).getMessage())
        .contains("viewer-cannot-export-pii");
    assertThat(servedRevision(ns)).isEqualTo(good);
    assertThat(bundle(ns, PolicyBundle.OPA_CONFIG_MAP).getData().get("data.json"))
        .isEqualTo(goodData);

    // Fixed (what it exported is now listing documents), the role rolls out: a new revision for
    // every role.
    client
        .resources(TenantRole.class)
        .inNamespace(ns)
        .withName("viewer")
        .edit(
            role -> {
              role.getSpec()
                  .getPermissions()
                  .set(
                      1,
                      TenantRoles.role(
                              ns, "x", "permissions: [{resource: document, actions: [list]}]")
                          .getSpec()
                          .getPermissions()
                          .get(0));
              return role;
            });
    TenantRole fixed = awaitReady(ns, "viewer", reason(TenantRoleStatusModel.SERVED));
    assertThat(fixed.getStatus().getBundleRevision()).isNotEqualTo(good);
    assertThat(servedRevision(ns)).isEqualTo(fixed.getStatus().getBundleRevision());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                fixed
                    .getStatus()
                    .getBundleRevision()
                    .equals(
                        client
                            .apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName(PolicyDecisionPoint.NAME)
                            .get()
                            .getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getAnnotations()
                            .get(PolicyBundle.REVISION_ANNOTATION)));
    awaitReady(ns, "auditor", reason(TenantRoleStatusModel.SERVED));
  }

  @Test
  void whatOnlyRampartCanJudgeIsReportedAndNothingIsServed() {
    String ns = tenant("trole-bad");
    client
        .resource(
            TenantRoles.role(
                ns,
                "lister",
                """
                permissions: [{resource: invoice, actions: [list]}]
                tests:
                  - name: names-a-missing-role
                    expect: allow
                    principal: {id: alice, roles: [approver]}
                    action: list
                    resource: {type: invoice}
                """))
        .create();
    TenantRole lister = awaitReady(ns, "lister", reason(TenantRoleStatusModel.INVALID_ROLE));
    assertThat(condition(lister, Conditions.READY).getMessage())
        .contains("test names-a-missing-role names role approver, which no TenantRole of tenant")
        .contains("nothing is served until it is fixed");
    assertThat(bundle(ns, PolicyBundle.OPA_CONFIG_MAP)).isNull();

    client
        .resource(
            TenantRoles.role(
                ns,
                "outsider",
                """
                permissions: [{resource: invoice, actions: [read]}]
                subjects:
                  serviceAccounts: [{namespace: kube-system, name: default}]
                """))
        .create();
    assertThat(
            condition(
                    awaitReady(ns, "outsider", reason(TenantRoleStatusModel.INVALID_ROLE)),
                    Conditions.READY)
                .getMessage())
        .contains("ServiceAccount kube-system/default is not in a namespace of tenant " + ns);
  }

  @Test
  void aTenantRoleOutsideATenantNamespaceIsRefused() {
    String plain = Tenants.uniqueName("plain");
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(plain).endMetadata().build())
        .create();
    assertThatThrownBy(
            () ->
                client
                    .resource(
                        TenantRoles.role(
                            plain, "viewer", "permissions: [{resource: invoice, actions: [read]}]"))
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("namespace " + plain + " is not a tenant namespace");
  }

  @Test
  void kubernetesRulesBecomeARoleUnlessTheyGrantMoreThanAnOwnerHolds() {
    String ns = tenant("trole-rbac");
    client
        .resource(
            TenantRoles.role(
                ns,
                "pod-reader",
                """
                permissions: [{resource: invoice, actions: [read]}]
                subjects: {users: [bob]}
                kubernetesRules:
                  - {apiGroups: [""], resources: [pods], verbs: [get, list]}
                  - {apiGroups: [""], resources: [pods/log], verbs: [get]}
                """))
        .create();
    awaitReady(ns, "pod-reader", reason(TenantRoleStatusModel.SERVED));
    assertThat(allowed("bob", "list", "", "pods", ns)).isTrue();
    assertThat(allowed("bob", "delete", "", "pods", ns)).isFalse();
    assertThat(allowed("bob", "list", "", "pods", "default")).isFalse();

    client
        .resource(
            TenantRoles.role(
                ns,
                "boundary-breaker",
                """
                permissions: [{resource: invoice, actions: [read]}]
                subjects: {users: [mallory]}
                kubernetesRules:
                  - {apiGroups: [networking.k8s.io], resources: [networkpolicies], verbs: [delete]}
                  - {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}
                """))
        .create();
    TenantRole breaker =
        awaitReady(ns, "boundary-breaker", reason(TenantRoleStatusModel.RBAC_REFUSED));
    assertThat(condition(breaker, Conditions.READY).getMessage())
        .contains(
            "grant more than a tenant owner holds",
            "delete networkpolicies.networking.k8s.io",
            "create rolebindings.rbac.authorization.k8s.io");
    assertThat(
            client.rbac().roles().inNamespace(ns).withName("rampart-role-boundary-breaker").get())
        .isNull();
    assertThat(allowed("mallory", "delete", "networking.k8s.io", "networkpolicies", ns)).isFalse();

    // A role that goes takes its Role and RoleBinding with it.
    client.resources(TenantRole.class).inNamespace(ns).withName("pod-reader").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.rbac().roles().inNamespace(ns).withName("rampart-role-pod-reader").get()
                    == null);
    assertThat(allowed("bob", "list", "", "pods", ns)).isFalse();
  }

  /**
   * The real, pinned opa serving the bundle Rampart wrote into the API server decides every request
   * of the grid as Cedar does on the policies Rampart wrote beside it.
   */
  @Test
  void theRealOpaServerOnTheBundleRampartWroteDecidesAsCedar(@TempDir Path bundleDir)
      throws Exception {
    String ns = tenant("trole-pdp");
    TenantRoles.five(ns).forEach(role -> client.resource(role).create());
    List<TenantRole> stored = awaitAllServed(ns);
    TenantPolicy policy =
        TenantRoleCompiler.compile(
                new TenantRoleCompiler.Tenant(ns, DataClassification.RESTRICTED, Set.of(ns)),
                stored)
            .policy();
    assertThat(policy.roles()).containsExactlyInAnyOrderElementsOf(PolicyRoles.ALL);

    Deployment pdp =
        client.apps().deployments().inNamespace(ns).withName(PolicyDecisionPoint.NAME).get();
    assertPdpIsRestrictedAndServes(pdp, servedRevision(ns));
    ConfigMap cedarFiles = bundle(ns, PolicyBundle.CEDAR_CONFIG_MAP);
    CedarEngine cedar =
        new CedarEngine(
            cedarFiles.getData().get(PolicyBundle.CEDAR_POLICIES_FILE),
            cedarFiles.getData().get(PolicyBundle.CEDAR_SCHEMA_FILE),
            policy);
    try (LocalDecisionPoint opa = LocalDecisionPoint.start(client, ns, bundleDir)) {
      HttpClient http = HttpClient.newHttpClient();
      URI allow = URI.create(opa.url() + "/v1/data/rampart/authz/allow");
      List<Request> grid = PolicyRequests.grid(PolicyRoles.ALL);
      List<String> differences = new ArrayList<>();
      int allowed = 0;
      for (Request request : grid) {
        // In the tenant whose bundle it is: its decision point refuses every other tenant's.
        PolicyInput input = PolicyRequests.input(request, ns);
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(allow)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            JSON.writeValueAsString(Map.of("input", input.regoInput()))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        boolean byOpa = JSON.readTree(response.body()).path("result").asBoolean(false);
        boolean byCedar = cedar.allows(input);
        if (byOpa != byCedar && differences.size() < 10) {
          differences.add(request + ": opa " + byOpa + ", cedar " + byCedar);
        }
        allowed += byCedar ? 1 : 0;
      }
      assertThat(differences).as("decided differently").isEmpty();
      System.out.printf(
          "opa server on Rampart's bundle: %d requests, %d allowed by both%n",
          grid.size(), allowed);
      assertThat(allowed).isBetween(1, grid.size() - 1);

      // Its decision log names nobody: alice and bob (the grid's owner) appear as digests only.
      String decisions = opa.log();
      assertThat(decisions)
          .contains("\"decision_id\"", "sha256:" + sha256("alice"), "sha256:" + sha256("bob"))
          .doesNotContain("\"alice\"", "\"bob\"");
    }
  }

  private static void assertPdpIsRestrictedAndServes(Deployment pdp, String revision) {
    var pod = pdp.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(OperatorConfig.DEFAULT_PDP_IMAGE);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(pdp.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(PolicyBundle.REVISION_ANNOTATION, revision);
    String ns = pdp.getMetadata().getNamespace();
    NetworkPolicy boundary =
        client.network().networkPolicies().inNamespace(ns).withName(PolicyDecisionPoint.NAME).get();
    assertThat(
            boundary
                .getSpec()
                .getIngress()
                .get(0)
                .getFrom()
                .get(0)
                .getNamespaceSelector()
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly(ns);
    assertThat(boundary.getSpec().getEgress()).isEmpty();
    assertThat(client.services().inNamespace(ns).withName(PolicyDecisionPoint.NAME).get())
        .isNotNull();
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static void write(Path path, String content) {
    try {
      Files.writeString(path, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean allowed(
      String user, String verb, String group, String resource, String ns) {
    return AccessReviews.allowed(client, user, verb, group, resource, ns);
  }
}
