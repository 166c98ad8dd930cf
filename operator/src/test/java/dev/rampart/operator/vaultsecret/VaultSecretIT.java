package dev.rampart.operator.vaultsecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.localcp.LocalVault;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.vaultsecret.Destination;
import dev.rampart.operator.api.vaultsecret.KvSource;
import dev.rampart.operator.api.vaultsecret.RolloutTarget;
import dev.rampart.operator.api.vaultsecret.Source;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretSpec;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.vaultsecret.SecretData;
import dev.rampart.operator.testing.LogCapture;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** VaultSecrets against the real API server and a real OpenBao, read as the tenant. */
class VaultSecretIT {

  private static KubernetesClient client;
  private static LocalVault vault;
  @RegisterExtension static final LogCapture LOGS = new LogCapture();

  @BeforeAll
  static void start() {
    client = TestCluster.admin();
    vault = TestCluster.vault();
    TestCluster.operator();
  }

  private static String tenant(String prefix) {
    String name = Tenants.createVaultReady(client, prefix);
    return name;
  }

  private static void writeKv(String tenant, String path, Map<String, String> data) {
    vault.asRoot("POST", "secret/data/tenants/" + tenant + "/" + path, Map.of("data", data));
  }

  private static VaultSecret vaultSecret(
      String namespace, String name, String path, String destination, RolloutTarget... targets) {
    VaultSecret vs = new VaultSecret();
    vs.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    VaultSecretSpec spec = new VaultSecretSpec();
    spec.setSource(new Source(new KvSource(path, null)));
    spec.setDestination(new Destination(destination));
    spec.setRefreshInterval("5s");
    spec.setRolloutRestartTargets(List.of(targets));
    vs.setSpec(spec);
    return client.resource(vs).create();
  }

  private static VaultSecret awaitVaultSecret(
      String namespace, String name, Predicate<VaultSecret> condition) {
    VaultSecret[] seen = new VaultSecret[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              seen[0] =
                  client.resources(VaultSecret.class).inNamespace(namespace).withName(name).get();
              return seen[0] != null && condition.test(seen[0]);
            });
    return seen[0];
  }

  private static Optional<Condition> ready(VaultSecret vs) {
    return vs.getStatus() == null
        ? Optional.empty()
        : vs.getStatus().getConditions().stream()
            .filter(c -> Conditions.READY.equals(c.getType()))
            .findFirst();
  }

  private static Predicate<VaultSecret> readyWith(String status, String reason) {
    return vs ->
        ready(vs)
            .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
            .isPresent();
  }

  private static Secret secret(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private static Map<String, String> decoded(Secret secret) {
    return SecretData.decoded(secret);
  }

  /**
   * A merge patch without resourceVersion: the operator's status writes cannot make it conflict.
   */
  private static void forceSync(String namespace, String name) {
    client
        .resources(VaultSecret.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of(
                    "metadata",
                    Map.of(
                        "annotations",
                        Map.of(VaultSecret.FORCE_SYNC_ANNOTATION, UUID.randomUUID().toString())))));
  }

  @Test
  void syncsTheEntryAndThenWritesNothing() {
    String tenant = tenant("vs");
    writeKv(tenant, "db", Map.of("user", "app", "password", "pw-1"));
    vaultSecret(tenant, "db", "db", "app-db");

    VaultSecret synced = awaitVaultSecret(tenant, "db", readyWith("True", "Synced"));
    Secret secret = secret(tenant, "app-db");
    assertThat(decoded(secret)).isEqualTo(Map.of("user", "app", "password", "pw-1"));
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "rampart")
        .containsEntry("rampart.dev/vault-secret", "db");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(synced.getMetadata().getUid()));
    assertThat(synced.getStatus().getSecretVersion()).isEqualTo(1);
    assertThat(synced.getStatus().getDataHmac()).matches("hmac-sha256:[0-9a-f]{64}");
    assertThat(synced.getStatus().getLastSyncTime()).isNotNull();
    assertThat(synced.getStatus().getObservedGeneration())
        .isEqualTo(synced.getMetadata().getGeneration());

    // Steady state: several refreshes (5 s) change neither the Secret nor the status.
    String secretVersion = secret.getMetadata().getResourceVersion();
    String statusVersion = synced.getMetadata().getResourceVersion();
    await()
        .during(Duration.ofSeconds(12))
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                secretVersion.equals(secret(tenant, "app-db").getMetadata().getResourceVersion())
                    && statusVersion.equals(
                        client
                            .resources(VaultSecret.class)
                            .inNamespace(tenant)
                            .withName("db")
                            .get()
                            .getMetadata()
                            .getResourceVersion()));

    // Deleting the VaultSecret lets the garbage collector delete the Secret it owns.
    client.resources(VaultSecret.class).inNamespace(tenant).withName("db").delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> secret(tenant, "app-db") == null);
  }

  @Test
  void changesInVaultReachTheSecretAndRestartTheWorkloadOnce() {
    String tenant = tenant("vsr");
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace(tenant)
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("registry.invalid/web:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    writeKv(tenant, "api", Map.of("token", "t1"));
    vaultSecret(
        tenant, "api", "api", "api-token", new RolloutTarget(RolloutTarget.Kind.Deployment, "web"));
    awaitVaultSecret(tenant, "api", vs -> readyWith("True", "Synced").test(vs));
    assertThat(deployment(tenant).getMetadata().getGeneration()).isEqualTo(1);

    // A new version is picked up within the refresh interval (5 s)...
    writeKv(tenant, "api", Map.of("token", "t2"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> decoded(secret(tenant, "api-token")).get("token").equals("t2"));
    // ...and another one at once with the force-sync annotation, inside the same 5 s window.
    writeKv(tenant, "api", Map.of("token", "t3"));
    forceSync(tenant, "api");
    await()
        .atMost(Duration.ofSeconds(4))
        .until(() -> decoded(secret(tenant, "api-token")).get("token").equals("t3"));
    assertThat(
            awaitVaultSecret(tenant, "api", vs -> vs.getStatus().getSecretVersion() == 3)
                .getStatus()
                .getSecretVersion())
        .isEqualTo(3);

    // Two changes, one restart: the pod template is annotated once.
    await().atMost(Duration.ofSeconds(15)).until(() -> restartedAt(deployment(tenant)) != null);
    await()
        .during(Duration.ofSeconds(7))
        .atMost(Duration.ofSeconds(10))
        .until(() -> deployment(tenant).getMetadata().getGeneration() == 2);
  }

  private static Deployment deployment(String namespace) {
    return client.apps().deployments().inNamespace(namespace).withName("web").get();
  }

  private static String restartedAt(Deployment deployment) {
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("rampart.dev/restartedAt");
  }

  @Test
  void editsAndDeletionsByHandAreRepaired() {
    String tenant = tenant("vse");
    writeKv(tenant, "db", Map.of("password", "right"));
    vaultSecret(tenant, "db", "db", "app-db");
    awaitVaultSecret(tenant, "db", readyWith("True", "Synced"));

    client
        .secrets()
        .inNamespace(tenant)
        .withName("app-db")
        .edit(
            s -> {
              s.getData().put("password", Base64.getEncoder().encodeToString("wrong".getBytes()));
              return s;
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> decoded(secret(tenant, "app-db")).equals(Map.of("password", "right")));

    client.secrets().inNamespace(tenant).withName("app-db").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Secret again = secret(tenant, "app-db");
              return again != null
                  && again.getMetadata().getDeletionTimestamp() == null
                  && decoded(again).equals(Map.of("password", "right"));
            });
  }

  /**
   * A namespace labelled into tenant B without being one of B's namespaces is no tenant namespace
   * (Vault would refuse it too: TenantKvIT), even while B's own namespace reads the same entry; and
   * tenant A's paths resolve only below A's prefix.
   */
  @Test
  void anotherTenantsEntryIsOutOfReach() {
    String a = tenant("vsa");
    String b = tenant("vsb");
    writeKv(b, "db", Map.of("password", "b-only"));
    vaultSecret(b, "db", "db", "b-db");
    awaitVaultSecret(b, "db", readyWith("True", "Synced"));

    String intruder = Tenants.uniqueName("vsx");
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(intruder)
                .addToLabels("rampart.dev/tenant", b)
                .endMetadata()
                .build())
        .create();
    vaultSecret(intruder, "db", "db", "stolen");
    awaitVaultSecret(intruder, "db", readyWith("False", "NotInATenant"));

    vaultSecret(a, "db", "db", "stolen");
    awaitVaultSecret(a, "db", readyWith("False", "SecretNotFound"));

    assertThat(secret(intruder, "stolen")).isNull();
    assertThat(secret(a, "stolen")).isNull();
  }

  /**
   * A namespace its Tenant releases is no tenant's any more: what is in it reads nothing from
   * Vault, and Rampart, which loses its access there, goes on serving the tenant's other
   * namespaces.
   */
  @Test
  void aReleasedNamespaceReadsNothingMore() {
    String tenant = Tenants.uniqueName("vsrel");
    String released = tenant + "-b";
    Tenant declared = Tenants.owned(tenant, "alice");
    declared.getSpec().setNamespaces(List.of(tenant, released));
    client.resource(declared).create();
    Tenants.awaitTenant(client, tenant, Tenants::isVaultReady);
    writeKv(tenant, "db", Map.of("password", "pw-1"));
    vaultSecret(released, "db", "db", "app-db");
    awaitVaultSecret(released, "db", readyWith("True", "Synced"));

    Tenants.editSpec(client, tenant, spec -> spec.setNamespaces(List.of(tenant)));

    awaitVaultSecret(released, "db", readyWith("False", "NotInATenant"));
    vaultSecret(tenant, "db", "db", "app-db");
    awaitVaultSecret(tenant, "db", readyWith("True", "Synced"));
  }

  @Test
  void aNamespaceOutsideEveryTenantReadsNothing() {
    String plain = Tenants.uniqueName("vsn");
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(plain).endMetadata().build())
        .create();
    vaultSecret(plain, "db", "db", "app-db");
    awaitVaultSecret(plain, "db", readyWith("False", "NotInATenant"));
    assertThat(secret(plain, "app-db")).isNull();
  }

  @Test
  void secretValuesNeverAppearInStatusEventsOrLogs() {
    String tenant = tenant("vsc");
    String canary = "canary-" + UUID.randomUUID();
    writeKv(tenant, "app", Map.of("apiKey", canary));
    vaultSecret(tenant, "app", "app", "app-key");
    awaitVaultSecret(tenant, "app", readyWith("True", "Synced"));
    // A failure too: a key mapping that names a missing key.
    client
        .resources(VaultSecret.class)
        .inNamespace(tenant)
        .withName("app")
        .edit(
            vs -> {
              vs.getSpec().getDestination().setKeys(Map.of("missing", "x"));
              return vs;
            });
    VaultSecret failed = awaitVaultSecret(tenant, "app", readyWith("False", "SecretNotFound"));

    assertThat(decoded(secret(tenant, "app-key"))).containsEntry("apiKey", canary);
    String base64Canary =
        Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
    assertThat(Serialization.asYaml(failed)).doesNotContain(canary).doesNotContain(base64Canary);
    assertThat(Serialization.asYaml(client.v1().events().inNamespace(tenant).list()))
        .doesNotContain(canary)
        .doesNotContain(base64Canary);
    List<String> logged = LOGS.lines();
    assertThat(logged).anyMatch(line -> line.contains(tenant));
    assertThat(logged).noneMatch(line -> line.contains(canary) || line.contains(base64Canary));
    assertThat(Objects.requireNonNull(failed.getStatus().getDataHmac())).doesNotContain(canary);
  }
}
