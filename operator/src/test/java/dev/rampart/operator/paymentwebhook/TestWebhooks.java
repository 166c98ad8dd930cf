package dev.rampart.operator.paymentwebhook;

import static org.awaitility.Awaitility.await;

import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.paymentwebhook.Forward;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.Provider;
import dev.rampart.operator.api.paymentwebhook.SecretKeyRef;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.paymentwebhook.Webhooks;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** PaymentWebhooks on the test cluster: a tenant to put them in, creating them, waiting on them. */
final class TestWebhooks {

  /** The admin token of the tenant namespaces' admin tokens Secret (the gateway wants 16+). */
  static final String ADMIN_TOKEN = "admin-token-" + UUID.randomUUID();

  private TestWebhooks() {}

  /** A Vault-ready tenant with a ledger credentials Secret and an application Service. */
  static String tenantNamespace(String prefix) {
    String namespace = Tenants.createVaultReady(TestCluster.admin(), prefix);
    putSecret(namespace, "ledger-db", Map.of("username", "ledger", "password", "ledger-pw"));
    putSecret(namespace, "billing-admins", Map.of("tokens", "ops=" + ADMIN_TOKEN));
    TestCluster.admin()
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName("app")
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "web"))
                .addNewPort()
                .withPort(8080)
                .withTargetPort(new IntOrString(9000))
                .endPort()
                .endSpec()
                .build())
        .create();
    return namespace;
  }

  static void putSecret(String namespace, String name, Map<String, String> data) {
    TestCluster.admin()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withStringData(data)
                .build())
        .serverSideApply();
  }

  /**
   * Any new annotation wakes the reconciler (it is not generation-aware). A merge patch without
   * resourceVersion, so that the operator's status writes cannot make it conflict.
   */
  static void poke(String namespace, String name, String annotation, String value) {
    TestCluster.admin()
        .resources(PaymentWebhook.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of("metadata", Map.of("annotations", Map.of(annotation, value)))));
  }

  static PaymentWebhook create(PaymentWebhook webhook) {
    return TestCluster.admin().resource(webhook).create();
  }

  /** Creates the PaymentWebhook and waits until its gateway is provisioned. */
  static PaymentWebhook provisioned(PaymentWebhook webhook) {
    create(webhook);
    return awaitWebhook(
        webhook.getMetadata().getNamespace(),
        webhook.getMetadata().getName(),
        readyWith("True", "Provisioned"));
  }

  /** The fixture without what only the API server sets. */
  static PaymentWebhook fresh(PaymentWebhook webhook) {
    webhook.getMetadata().setUid(null);
    webhook.getMetadata().setGeneration(null);
    webhook.getMetadata().setCreationTimestamp(null);
    return webhook;
  }

  /** Standard Webhooks, forwarding to the app, with admin tokens. */
  static PaymentWebhook standard(String namespace, String name) {
    PaymentWebhook webhook = fresh(Webhooks.minimal(namespace, name, Provider.STANDARD_WEBHOOKS));
    webhook.getSpec().setForward(new Forward("app", 8080, "/billing-events"));
    webhook.getSpec().setAdminTokens(new SecretKeyRef("billing-admins", "tokens"));
    return webhook;
  }

  static PaymentWebhook awaitWebhook(
      String namespace, String name, Predicate<PaymentWebhook> condition) {
    PaymentWebhook[] seen = new PaymentWebhook[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              seen[0] = get(namespace, name);
              return seen[0] != null && condition.test(seen[0]);
            });
    return seen[0];
  }

  static PaymentWebhook get(String namespace, String name) {
    return TestCluster.admin()
        .resources(PaymentWebhook.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  static Optional<Condition> ready(PaymentWebhook webhook) {
    return webhook.getStatus() == null
        ? Optional.empty()
        : webhook.getStatus().getConditions().stream()
            .filter(c -> Conditions.READY.equals(c.getType()))
            .findFirst();
  }

  static Predicate<PaymentWebhook> readyWith(String status, String reason) {
    return w ->
        ready(w)
                .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                .isPresent()
            && w.getStatus().getObservedGeneration().equals(w.getMetadata().getGeneration());
  }

  static String decoded(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
