package dev.rampart.operator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.localcp.LocalKeycloak;
import dev.rampart.localcp.LocalVault;
import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.auth.AuthDeletionPolicy;
import dev.rampart.operator.api.auth.ClientSecretRotation;
import dev.rampart.operator.api.auth.ClientSecretVault;
import dev.rampart.operator.api.auth.OidcClient;
import dev.rampart.operator.api.auth.OidcClientStatus;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.auth.ClientSecretSchedule;
import dev.rampart.operator.model.auth.OidcClientStatusModel;
import dev.rampart.operator.testing.BrowserLogin;
import dev.rampart.operator.testing.Realms;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A confidential client's secret replaced on schedule and on request, with Keycloak's
 * client-secret-rotation feature keeping the replaced one working for the overlap only.
 */
class ClientSecretRotationIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration OVERLAP = Duration.ofMinutes(1);

  private static KubernetesClient client;
  private static LocalKeycloak keycloak;
  private static String tenant;
  private static BrowserLogin realm;

  @BeforeAll
  static void start() {
    client = TestCluster.admin();
    keycloak = TestCluster.keycloak();
    TestCluster.operator();
    tenant = Realms.tenantWithRealm("secrets", AuthDeletionPolicy.DELETE);
    ClientSecretRotation rotation = new ClientSecretRotation();
    rotation.setMaxAge("2h");
    rotation.setOverlap("1m");
    Tenants.editSpec(client, tenant, spec -> spec.getAuth().setClientSecretRotation(rotation));
    Tenants.awaitTenant(client, tenant, Realms::isReady);
    realm = new BrowserLogin(Realms.issuer(tenant));
  }

  @Test
  void aRequestedReplacementKeepsTheOldSecretWorkingForTheOverlapAndNoLonger() {
    OidcClient backend = Realms.serviceClient(tenant, "backend");
    String clientId = Realms.awaitClient(backend);
    String first = Realms.clientSecret(backend);
    OidcClientStatus status = client.resource(backend).get().getStatus();
    Instant created = Instant.parse(status.getSecretCreated());
    assertThat(Instant.parse(status.getSecretReplaceAt()))
        .isEqualTo(created.plus(Duration.ofHours(2)).minus(OVERLAP));
    assertThat(realm.clientCredentials(clientId, first).status()).isEqualTo(200);

    // Keycloak keeps whole seconds: a request in the secret's own second would be already met.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Instant.now().isAfter(created.plusSeconds(1)));
    annotate(backend, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> !Realms.clientSecret(backend).equals(first));
    String second = Realms.clientSecret(backend);
    Instant replacedAt = Instant.now();
    assertThat(realm.clientCredentials(clientId, second).status()).isEqualTo(200);
    assertThat(realm.clientCredentials(clientId, first).status())
        .as("the replaced secret during the overlap")
        .isEqualTo(200);
    assertThat(events(backend))
        .anySatisfy(
            event ->
                assertThat(event.getMessage())
                    .contains("requested by annotation", "the replaced one works until")
                    .doesNotContain(first, second));

    await()
        .atMost(OVERLAP.plusSeconds(30))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> realm.clientCredentials(clientId, first).status() == 401);
    assertThat(Duration.between(replacedAt, Instant.now())).isGreaterThan(OVERLAP.minusSeconds(5));
    // The annotation, still there, was followed once: many resyncs later the secret is the same.
    assertThat(Realms.clientSecret(backend)).isEqualTo(second);
    assertThat(realm.clientCredentials(clientId, second).status()).isEqualTo(200);
    assertThat(JSON.valueToTree(client.resource(backend).get()).toString())
        .doesNotContain(first, second);
  }

  @Test
  void aSecretWhoseOverlapBeforeMaxAgeHasComeIsReplacedOnSchedule() {
    OidcClient worker = Realms.serviceClient(tenant, "worker");
    String clientId = Realms.awaitClient(worker);
    String first = Realms.clientSecret(worker);
    // Two hours pass: the secret's recorded making moved back, as Keycloak would have it by then.
    String path = "/tenant-" + tenant + "/clients/" + keycloakId(clientId);
    ObjectNode aged = (ObjectNode) keycloak.admin("GET", path, null).body();
    ((ObjectNode) aged.path("attributes"))
        .put(
            "client.secret.creation.time",
            Long.toString(Instant.now().minus(Duration.ofHours(2)).getEpochSecond()));
    assertThat(keycloak.admin("PUT", path, aged).status()).isEqualTo(204);

    await().atMost(Duration.ofSeconds(30)).until(() -> !Realms.clientSecret(worker).equals(first));
    assertThat(realm.clientCredentials(clientId, Realms.clientSecret(worker)).status())
        .isEqualTo(200);
    assertThat(realm.clientCredentials(clientId, first).status()).isEqualTo(200);
    assertThat(events(worker))
        .anySatisfy(event -> assertThat(event.getMessage()).contains("scheduled"));
    Instant replaceAt =
        Instant.parse(client.resource(worker).get().getStatus().getSecretReplaceAt());
    assertThat(replaceAt).isAfter(Instant.now().plus(Duration.ofMinutes(100)));
  }

  @Test
  void credentialsGoToTheTenantsVaultInsteadOfASecretAsANewVersionPerSecret() {
    Tenants.awaitTenant(client, tenant, Tenants::isVaultReady);
    OidcClient vaulted = Realms.serviceClient(tenant, "vaulted");
    vaulted.getSpec().setVault(new ClientSecretVault("oidc/vaulted"));
    String clientId = Realms.awaitClient(vaulted);
    OidcClientStatus status = client.resource(vaulted).get().getStatus();
    assertThat(status.getVaultPath()).isEqualTo("tenants/" + tenant + "/oidc/vaulted");
    assertThat(status.getSecretName()).isNull();
    assertThat(client.secrets().inNamespace(tenant).withName("vaulted-oidc").get()).isNull();
    JsonNode first = kvEntry("oidc/vaulted");
    assertThat(first.path("data").path("client-id").asText()).isEqualTo(clientId);
    assertThat(first.path("data").path("issuer").asText()).isEqualTo(Realms.issuer(tenant));
    String firstSecret = first.path("data").path("client-secret").asText();
    assertThat(realm.clientCredentials(clientId, firstSecret).status()).isEqualTo(200);
    long firstVersion = first.path("metadata").path("version").asLong();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Instant.now().getEpochSecond() > created(vaulted));
    annotate(vaulted, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> kvEntry("oidc/vaulted").path("metadata").path("version").asLong() > firstVersion);
    String second = kvEntry("oidc/vaulted").path("data").path("client-secret").asText();
    assertThat(second).isNotEqualTo(firstSecret);
    assertThat(realm.clientCredentials(clientId, second).status()).isEqualTo(200);
    // Resyncs that find the entry as it should be write no new version.
    await()
        .during(Duration.ofSeconds(12))
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                kvEntry("oidc/vaulted").path("metadata").path("version").asLong()
                    == firstVersion + 1);
  }

  @Test
  void anAnnotationThatIsNoTimeOrInTheFutureIsReportedAndTheSecretKept() {
    OidcClient api = Realms.serviceClient(tenant, "api");
    Realms.awaitClient(api);
    String first = Realms.clientSecret(api);
    annotate(api, "now");
    awaitRefusal(api, "must be a UTC time such as 2026-01-31T12:00:00Z", "not now");
    annotate(api, Instant.now().plus(Duration.ofDays(1)).toString());
    awaitRefusal(api, "in the future");
    assertThat(Realms.clientSecret(api)).isEqualTo(first);
  }

  @Test
  void theRealmsSecretRotationRemovedInKeycloakIsPutBack() {
    String profiles = "/tenant-" + tenant + "/client-policies/profiles";
    JsonNode current = keycloak.admin("GET", profiles, null).body();
    assertThat(current.toString()).contains("secret-rotation");
    ObjectNode withoutRotation = current.deepCopy();
    ArrayNode executors = (ArrayNode) withoutRotation.path("profiles").get(0).path("executors");
    for (int i = executors.size() - 1; i >= 0; i--) {
      if ("secret-rotation".equals(executors.get(i).path("executor").asText())) {
        executors.remove(i);
      }
    }
    assertThat(keycloak.admin("PUT", profiles, withoutRotation).status()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                keycloak
                    .admin("GET", profiles, null)
                    .body()
                    .toString()
                    .contains("secret-rotation"));
  }

  /** The latest version of the tenant's KV entry at {@code path}, read as Vault's root. */
  private static JsonNode kvEntry(String path) {
    LocalVault.Response response =
        TestCluster.vault().asRoot("GET", "secret/data/tenants/" + tenant + "/" + path, null);
    assertThat(response.status()).isEqualTo(200);
    return response.body().path("data");
  }

  private static long created(OidcClient oidc) {
    return Instant.parse(client.resource(oidc).get().getStatus().getSecretCreated())
        .getEpochSecond();
  }

  private static void annotate(OidcClient oidc, String value) {
    client
        .resource(oidc)
        .edit(
            current -> {
              current
                  .getMetadata()
                  .setAnnotations(Map.of(ClientSecretSchedule.ROTATE_ANNOTATION, value));
              return current;
            });
  }

  /** Waits until the Ready condition says the annotation was refused, in these words. */
  private static void awaitRefusal(OidcClient oidc, String... words) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Condition ready = readyCondition(oidc);
              assertThat(ready.getReason()).isEqualTo(OidcClientStatusModel.ROTATION_REFUSED);
              assertThat(ready.getMessage()).contains(words);
            });
  }

  private static Condition readyCondition(OidcClient oidc) {
    return client.resource(oidc).get().getStatus().getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static String keycloakId(String clientId) {
    return keycloak
        .admin("GET", "/tenant-" + tenant + "/clients?clientId=" + clientId, null)
        .body()
        .get(0)
        .path("id")
        .asText();
  }

  private static List<Event> events(OidcClient oidc) {
    return client.v1().events().inNamespace(tenant).list().getItems().stream()
        .filter(e -> oidc.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .filter(e -> "ClientSecretReplaced".equals(e.getReason()))
        .toList();
  }
}
