package dev.rampart.operator.paymentwebhook;

import static dev.rampart.operator.paymentwebhook.TestWebhooks.awaitWebhook;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.create;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.decoded;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.fresh;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.get;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.poke;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.provisioned;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.putSecret;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.ready;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.readyWith;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.standard;
import static dev.rampart.operator.paymentwebhook.TestWebhooks.tenantNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.localcp.LocalVault;
import dev.rampart.operator.api.paymentwebhook.GatewayResources;
import dev.rampart.operator.api.paymentwebhook.GatewayWorkload;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.Provider;
import dev.rampart.operator.api.paymentwebhook.SecretKeyRef;
import dev.rampart.operator.api.paymentwebhook.SigningSecret;
import dev.rampart.operator.api.paymentwebhook.VaultKey;
import dev.rampart.operator.model.paymentwebhook.Webhooks;
import dev.rampart.operator.testing.LogCapture;
import dev.rampart.operator.testing.SteadyState;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PaymentWebhooks against the real API server, controller manager and OpenBao. */
class PaymentWebhookIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final LogCapture LOGS = new LogCapture();
  private static KubernetesClient client;
  private static LocalVault vault;

  @BeforeAll
  static void start() {
    client = TestCluster.admin();
    vault = TestCluster.vault();
    TestCluster.operator();
  }

  static JsonNode config(String namespace, String name) throws Exception {
    ConfigMap configMap =
        client.configMaps().inNamespace(namespace).withName(name + "-gateway").get();
    return JSON.readTree(configMap.getData().get("gateway.json"));
  }

  static Secret secret(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  static Deployment deployment(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name + "-gateway").get();
  }

  /** Every object of the gateway, by kind and name. */
  static List<HasMetadata> children(String namespace, String name) {
    String gateway = name + "-gateway";
    return Stream.<HasMetadata>of(
            client.configMaps().inNamespace(namespace).withName(gateway).get(),
            secret(namespace, gateway),
            secret(namespace, name + "-forward-signing"),
            client.services().inNamespace(namespace).withName(gateway).get(),
            client.network().networkPolicies().inNamespace(namespace).withName(gateway).get(),
            deployment(namespace, name))
        .toList();
  }

  /** The PaymentWebhook once its resourceVersion has held for three seconds. */
  private static PaymentWebhook settled(String namespace, String name) {
    AtomicReference<String> version = new AtomicReference<>("");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              String current = get(namespace, name).getMetadata().getResourceVersion();
              return current.equals(version.getAndSet(current));
            });
    return get(namespace, name);
  }

  @Test
  void provisionsTheGatewayAndWritesNothingInSteadyState() throws Exception {
    String namespace = tenantNamespace("pwh");
    PaymentWebhook ready = provisioned(standard(namespace, "payments"));
    assertThat(ready.getStatus().getActiveSecretVersion()).isEqualTo(1);
    assertThat(ready.getStatus().getEndpoint())
        .isEqualTo("http://payments-gateway." + namespace + ".svc/webhooks/payments");
    String kvPath = "tenants/" + namespace + "/payment-webhooks/" + namespace + "/payments";
    assertThat(ready.getStatus().getSigningSecretLocation()).contains("secret/data/" + kvPath);

    // The generated secret is in the tenant's KV (version 1) and in the gateway's Secret.
    JsonNode kv = vault.asRoot("GET", "secret/data/" + kvPath, null).body().path("data");
    String signing = kv.path("data").path("signingSecret").asText();
    assertThat(signing).startsWith("whsec_");
    assertThat(kv.path("metadata").path("version").asInt()).isEqualTo(1);
    Secret gatewaySecret = secret(namespace, "payments-gateway");
    assertThat(decoded(gatewaySecret, "signing-v1")).isEqualTo(signing);
    String forward = decoded(secret(namespace, "payments-forward-signing"), "signing-secret");
    assertThat(decoded(gatewaySecret, "forward")).isEqualTo(forward).startsWith("whsec_");

    JsonNode config = config(namespace, "payments");
    assertThat(config.path("webhooks").get(0).path("signingSecrets").toString())
        .isEqualTo("[{\"file\":\"signing-v1\"}]");
    assertThat(config.path("webhooks").get(0).path("forward").path("url").asText())
        .isEqualTo("http://app." + namespace + ".svc:8080/billing-events");
    assertThat(config.toString()).doesNotContain("whsec_").doesNotContain("ledger-pw");

    // Every object is owned by the PaymentWebhook.
    for (HasMetadata child : children(namespace, "payments")) {
      assertThat(child).as("gateway object").isNotNull();
      assertThat(child.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(ready.getMetadata().getUid()));
    }
    Service service = client.services().inNamespace(namespace).withName("payments-gateway").get();
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("webhooks"));
    NetworkPolicy policy =
        client
            .network()
            .networkPolicies()
            .inNamespace(namespace)
            .withName("payments-gateway")
            .get();
    assertThat(policy.getSpec().getEgress().get(0).getTo().get(0).getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app", "web"));
    assertThat(policy.getSpec().getEgress().get(0).getPorts().get(0).getPort().getIntVal())
        .isEqualTo(9000);

    // The namespace enforces Pod Security "restricted" (this control plane runs no Deployment
    // controller, so the pod is checked by a dry run): the gateway's pod is admitted, and the same
    // pod allowing privilege escalation is not.
    Pod pod =
        new PodBuilder()
            .withMetadata(deployment(namespace, "payments").getSpec().getTemplate().getMetadata())
            .editMetadata()
            .withNamespace(namespace)
            .withName("gateway-check")
            .endMetadata()
            .withSpec(deployment(namespace, "payments").getSpec().getTemplate().getSpec())
            .build();
    client.resource(pod).dryRun().create();
    pod.getSpec().getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(true);
    assertThatThrownBy(() -> client.resource(pod).dryRun().create())
        .hasMessageContaining("violates PodSecurity \"restricted");

    // Steady state: reconciles (woken by annotations) write nothing. It starts once the status has
    // settled: a reconcile queued by the first writes may still see the PaymentWebhook without its
    // new status (the informer lags the write) and set the Ready condition's time once more.
    PaymentWebhook settled = settled(namespace, "payments");
    List<String> versions =
        children(namespace, "payments").stream()
            .map(c -> c.getMetadata().getResourceVersion())
            .toList();
    long reconciliations = TestCluster.operator().reconciliations();
    for (int i = 0; i < 3; i++) {
      long before = TestCluster.operator().reconciliations();
      poke(namespace, "payments", "test/poke", Integer.toString(i));
      // Each poke is reconciled before the next, so every one is a reconcile that could write.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> TestCluster.operator().reconciliations() > before);
    }
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                children(namespace, "payments").stream()
                    .map(c -> c.getMetadata().getResourceVersion())
                    .toList()
                    .equals(versions));
    assertThat(TestCluster.operator().reconciliations())
        .as("reconciliations during the window")
        .isGreaterThan(reconciliations);
    // As YAML, so that a difference shows which field moved.
    assertThat(Serialization.asYaml(get(namespace, "payments").getStatus()))
        .isEqualTo(Serialization.asYaml(settled.getStatus()));
    // The KV entry was not rewritten either.
    assertThat(
            vault
                .asRoot("GET", "secret/data/" + kvPath, null)
                .body()
                .path("data")
                .path("metadata")
                .path("version")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void editsAndDeletionsByHandAreRepaired() throws Exception {
    String namespace = tenantNamespace("pwhd");
    provisioned(standard(namespace, "payments"));
    String original = config(namespace, "payments").toString();

    client
        .configMaps()
        .inNamespace(namespace)
        .withName("payments-gateway")
        .edit(
            c -> {
              c.getData().put("gateway.json", "{}");
              return c;
            });
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName("payments-gateway")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getSecurityContext()
                  .setReadOnlyRootFilesystem(false);
              return d;
            });
    client.services().inNamespace(namespace).withName("payments-gateway").delete();
    client.network().networkPolicies().inNamespace(namespace).withName("payments-gateway").delete();
    client.secrets().inNamespace(namespace).withName("payments-forward-signing").delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(config(namespace, "payments").toString()).isEqualTo(original);
              assertThat(
                      deployment(namespace, "payments")
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getContainers()
                          .get(0)
                          .getSecurityContext()
                          .getReadOnlyRootFilesystem())
                  .isTrue();
              assertThat(children(namespace, "payments"))
                  .allSatisfy(
                      c -> {
                        assertThat(c).isNotNull();
                        assertThat(c.getMetadata().getDeletionTimestamp()).isNull();
                      });
            });
    // The forward secret came back from the gateway's copy, so the application's still verifies.
    assertThat(decoded(secret(namespace, "payments-forward-signing"), "signing-secret"))
        .isEqualTo(decoded(secret(namespace, "payments-gateway"), "forward"));
  }

  @Test
  void rotationKeepsThePreviousSecretUntilTheGracePeriodEnds() throws Exception {
    String namespace = tenantNamespace("pwhr");
    PaymentWebhook webhook = standard(namespace, "payments");
    webhook.getSpec().setRotationGracePeriodSeconds(20L);
    provisioned(webhook);
    String first = decoded(secret(namespace, "payments-gateway"), "signing-v1");
    String hash = configHash(namespace);

    poke(namespace, "payments", PaymentWebhook.ROTATE_ANNOTATION, "2026-03-01");
    PaymentWebhook rotated =
        awaitWebhook(
            namespace,
            "payments",
            w ->
                w.getStatus() != null
                    && Long.valueOf(2).equals(w.getStatus().getActiveSecretVersion()));
    Instant until = Instant.parse(rotated.getStatus().getPreviousSecretValidUntil());
    assertThat(rotated.getStatus().getPreviousSecretVersion()).isEqualTo(1);
    assertThat(until).isBetween(Instant.now().plusSeconds(5), Instant.now().plusSeconds(21));
    Secret both = secret(namespace, "payments-gateway");
    assertThat(decoded(both, "signing-v1")).isEqualTo(first);
    assertThat(decoded(both, "signing-v2")).isNotEqualTo(first).startsWith("whsec_");
    assertThat(
            config(namespace, "payments").path("webhooks").get(0).path("signingSecrets").toString())
        .isEqualTo(
            "[{\"file\":\"signing-v2\"},{\"file\":\"signing-v1\",\"validUntil\":\""
                + until
                + "\"}]");
    assertThat(configHash(namespace)).isNotEqualTo(hash);

    // The same request does not rotate again.
    poke(namespace, "payments", "test/poke", "again");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                Long.valueOf(2)
                    .equals(get(namespace, "payments").getStatus().getActiveSecretVersion()));

    // At the end of the grace period the previous secret drops out of config and Secret.
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> get(namespace, "payments").getStatus().getPreviousSecretVersion() == null);
    assertThat(Instant.now()).isAfterOrEqualTo(until);
    assertThat(secret(namespace, "payments-gateway").getData())
        .containsOnlyKeys("signing-v2", "forward");
    assertThat(
            config(namespace, "payments").path("webhooks").get(0).path("signingSecrets").toString())
        .isEqualTo("[{\"file\":\"signing-v2\"}]");
  }

  private static String configHash(String namespace) {
    return deployment(namespace, "payments")
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("rampart.dev/config-hash");
  }

  @Test
  void stripeSecretsComeFromASecretOrTheTenantsVault() throws Exception {
    String namespace = tenantNamespace("pwhs");
    putSecret(namespace, "stripe", Map.of("webhook-secret", "whsec_stripe_one"));
    PaymentWebhook fromSecret = fresh(Webhooks.minimal(namespace, "cards", Provider.STRIPE));
    fromSecret
        .getSpec()
        .setSigningSecret(new SigningSecret(new SecretKeyRef("stripe", "webhook-secret")));
    provisioned(fromSecret);
    assertThat(decoded(secret(namespace, "cards-gateway"), "signing-v1"))
        .isEqualTo("whsec_stripe_one");
    assertThat(secret(namespace, "cards-forward-signing")).isNull();

    // A new value in the source is a new version; the old one stays for the grace period.
    putSecret(namespace, "stripe", Map.of("webhook-secret", "whsec_stripe_two"));
    poke(namespace, "cards", "test/poke", "1");
    PaymentWebhook second =
        awaitWebhook(
            namespace,
            "cards",
            w ->
                w.getStatus() != null
                    && Long.valueOf(2).equals(w.getStatus().getActiveSecretVersion()));
    assertThat(second.getStatus().getPreviousSecretVersion()).isEqualTo(1);
    Secret gateway = secret(namespace, "cards-gateway");
    assertThat(decoded(gateway, "signing-v2")).isEqualTo("whsec_stripe_two");
    assertThat(decoded(gateway, "signing-v1")).isEqualTo("whsec_stripe_one");

    // From the tenant's KV, read as the tenant: the KV version is the secret version.
    vault.asRoot(
        "POST",
        "secret/data/tenants/" + namespace + "/billing/stripe",
        Map.of("data", Map.of("signing", "whsec_kv_one")));
    vault.asRoot(
        "POST",
        "secret/data/tenants/" + namespace + "/billing/stripe",
        Map.of("data", Map.of("signing", "whsec_kv_two")));
    PaymentWebhook fromVault = fresh(Webhooks.minimal(namespace, "kv", Provider.STRIPE));
    fromVault
        .getSpec()
        .setSigningSecret(new SigningSecret(new VaultKey("billing/stripe", "signing")));
    PaymentWebhook kv = provisioned(fromVault);
    assertThat(kv.getStatus().getActiveSecretVersion()).isEqualTo(2);
    assertThat(decoded(secret(namespace, "kv-gateway"), "signing-v2")).isEqualTo("whsec_kv_two");

    // A missing key is reported, and what was provisioned stays.
    client
        .resources(PaymentWebhook.class)
        .inNamespace(namespace)
        .withName("kv")
        .edit(
            w -> {
              w.getSpec().getSigningSecret().getVault().setKey("missing");
              return w;
            });
    awaitWebhook(namespace, "kv", readyWith("False", "SecretNotFound"));
    assertThat(secret(namespace, "kv-gateway")).isNotNull();
  }

  @Test
  void aMissingLedgerSecretIsReportedUntilItExists() {
    String namespace = tenantNamespace("pwhl");
    client.secrets().inNamespace(namespace).withName("ledger-db").delete();
    create(standard(namespace, "payments"));
    PaymentWebhook waiting =
        awaitWebhook(namespace, "payments", readyWith("False", "SecretNotFound"));
    assertThat(ready(waiting).orElseThrow().getMessage())
        .contains("ledger-db")
        .contains("username");
    assertThat(deployment(namespace, "payments")).isNull();
    putSecret(namespace, "ledger-db", Map.of("username", "ledger", "password", "pw"));
    awaitWebhook(namespace, "payments", readyWith("True", "Provisioned"));
  }

  @Test
  void theGatewaysReplicasAndResourcesComeFromTheSpecAndWhatKubernetesRefusesIsReported() {
    String namespace = tenantNamespace("pwhr");
    PaymentWebhook webhook = standard(namespace, "payments");
    GatewayWorkload workload = new GatewayWorkload();
    workload.setReplicas(2);
    GatewayResources resources = new GatewayResources();
    resources.setRequests(Map.of("cpu", new Quantity("2")));
    resources.setLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")));
    workload.setResources(resources);
    webhook.getSpec().setGateway(workload);
    create(webhook);
    // A request above its limit passes the CRD (CEL cannot compare quantities within its cost
    // budget); Kubernetes refuses the Deployment, and the status says why.
    PaymentWebhook refused = awaitWebhook(namespace, "payments", readyWith("False", "ApplyFailed"));
    assertThat(ready(refused).orElseThrow().getMessage())
        .contains("must be less than or equal to cpu limit");
    assertThat(deployment(namespace, "payments")).isNull();

    resources.setRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")));
    client
        .resources(PaymentWebhook.class)
        .inNamespace(namespace)
        .withName("payments")
        .edit(
            current -> {
              current.getSpec().setGateway(workload);
              return current;
            });
    awaitWebhook(namespace, "payments", readyWith("True", "Provisioned"));
    Deployment deployment = deployment(namespace, "payments");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources())
        .satisfies(
            applied -> {
              assertThat(applied.getRequests())
                  .containsEntry("cpu", new Quantity("500m"))
                  .containsEntry("memory", new Quantity("1Gi"));
              assertThat(applied.getLimits())
                  .containsEntry("cpu", new Quantity("1"))
                  .containsEntry("memory", new Quantity("1Gi"));
            });
  }

  /**
   * Where a user spells a quantity otherwise than the API server stores it ({@code 1024Mi} is kept
   * as {@code 1Gi}, {@code 0.5} as {@code 500m}), the converged gateway still makes no writes.
   */
  @Test
  void nonCanonicalQuantitiesMakeNoWritesOnceConverged() {
    String namespace = tenantNamespace("pwhq");
    PaymentWebhook webhook = standard(namespace, "payments");
    GatewayResources resources = new GatewayResources();
    resources.setRequests(
        Map.of(
            "cpu", new Quantity("0.25"),
            "memory", new Quantity("524288Ki"),
            "ephemeral-storage", new Quantity("100M")));
    resources.setLimits(
        Map.of(
            "cpu", new Quantity("0.5"),
            "memory", new Quantity("1024Mi"),
            "ephemeral-storage", new Quantity("0.5Gi")));
    GatewayWorkload workload = new GatewayWorkload();
    workload.setResources(resources);
    webhook.getSpec().setGateway(workload);
    provisioned(webhook);
    SteadyState.awaitSettled();
    SteadyState.assertNoWritesWhile(() -> poke(namespace, "payments", "test/poke", "1"));
  }

  @Test
  void twoPaymentWebhooksCannotClaimOnePath() {
    String namespace = tenantNamespace("pwhp");
    provisioned(standard(namespace, "first"));
    PaymentWebhook second = standard(namespace, "second");
    second.getSpec().setPath("/webhooks/first");
    create(second);
    PaymentWebhook conflict = awaitWebhook(namespace, "second", readyWith("False", "PathConflict"));
    assertThat(ready(conflict).orElseThrow().getMessage()).contains("first");
    assertThat(deployment(namespace, "second")).isNull();

    // When the holder goes, the other takes the path over.
    client.resources(PaymentWebhook.class).inNamespace(namespace).withName("first").delete();
    awaitWebhook(namespace, "second", readyWith("True", "Provisioned"));
  }

  @Test
  void deletingThePaymentWebhookDeletesItsGateway() {
    String namespace = tenantNamespace("pwhx");
    provisioned(standard(namespace, "payments"));
    client.resources(PaymentWebhook.class).inNamespace(namespace).withName("payments").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> children(namespace, "payments").stream().allMatch(c -> c == null));
  }

  @Test
  void outsideATenantNamespaceNothingIsProvisioned() {
    String plain = Tenants.uniqueName("pwhn");
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(plain).endMetadata().build())
        .create();
    create(standard(plain, "payments"));
    awaitWebhook(plain, "payments", readyWith("False", "NotInTenantNamespace"));

    // A label is not enough: the namespace must be one Rampart created for the tenant.
    String tenant = Tenants.createVaultReady(client, "pwhm");
    String labelled = Tenants.uniqueName("pwhl");
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(labelled)
                .addToLabels("rampart.dev/tenant", tenant)
                .endMetadata()
                .build())
        .create();
    create(standard(labelled, "payments"));
    awaitWebhook(labelled, "payments", readyWith("False", "NotInTenantNamespace"));
    assertThat(deployment(plain, "payments")).isNull();
    assertThat(deployment(labelled, "payments")).isNull();
    assertThat(secret(labelled, "payments-gateway")).isNull();
  }

  @Test
  void secretsNeverAppearInStatusEventsConfigOrLogs() {
    String canary = "whsec_canary" + UUID.randomUUID().toString().replace("-", "");
    String namespace = tenantNamespace("pwhc");
    putSecret(namespace, "stripe", Map.of("webhook-secret", canary));
    provisioned(fresh(Webhooks.stripe(namespace, "payments")));
    assertThat(decoded(secret(namespace, "payments-gateway"), "signing-v1")).isEqualTo(canary);
    // A failure too: the admin tokens' key is missing.
    client
        .resources(PaymentWebhook.class)
        .inNamespace(namespace)
        .withName("payments")
        .edit(
            w -> {
              w.getSpec().getAdminTokens().setKey("missing");
              return w;
            });
    PaymentWebhook failed =
        awaitWebhook(namespace, "payments", readyWith("False", "SecretNotFound"));

    String base64 = Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
    List<String> places =
        List.of(
            Serialization.asYaml(failed),
            Serialization.asYaml(client.v1().events().inNamespace(namespace).list()),
            Serialization.asYaml(
                client.configMaps().inNamespace(namespace).withName("payments-gateway").get()),
            Serialization.asYaml(deployment(namespace, "payments")));
    assertThat(places).noneMatch(text -> text.contains(canary) || text.contains(base64));
    List<String> logged = LOGS.lines();
    assertThat(logged).anyMatch(line -> line.contains(namespace));
    assertThat(logged).noneMatch(line -> line.contains(canary) || line.contains(base64));
  }
}
