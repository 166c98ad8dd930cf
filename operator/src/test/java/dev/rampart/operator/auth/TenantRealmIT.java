package dev.rampart.operator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.localcp.LocalKeycloak;
import dev.rampart.operator.api.auth.AuthDeletionPolicy;
import dev.rampart.operator.api.auth.OidcClient;
import dev.rampart.operator.api.auth.SigningKeyStatus;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.auth.AuthStatusModel;
import dev.rampart.operator.model.auth.RealmRoles;
import dev.rampart.operator.testing.BrowserLogin;
import dev.rampart.operator.testing.Realms;
import dev.rampart.operator.testing.TenantRoles;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Tenant's spec.auth against the real Keycloak: the realm Rampart makes, what it puts back when
 * an administrator changes it by hand, that a steady state only reads, an outage, and deletion.
 */
class TenantRealmIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static KubernetesClient client;
  private static LocalKeycloak keycloak;

  @BeforeAll
  static void start() {
    client = TestCluster.admin();
    keycloak = TestCluster.keycloak();
    TestCluster.operator();
  }

  static Tenant awaitAuth(String name, Predicate<Tenant> condition) {
    return Tenants.awaitTenant(client, name, condition);
  }

  static JsonNode realm(String tenant) {
    LocalKeycloak.Response response = keycloak.admin("GET", "/tenant-" + tenant, null);
    assertThat(response.status()).isEqualTo(200);
    return response.body();
  }

  @Test
  void aTenantWithAuthGetsARealmWithSecureDefaults() {
    String name = Realms.tenantWithRealm("realm", AuthDeletionPolicy.RETAIN);
    JsonNode realm = realm(name);
    assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
    assertThat(realm.path("failureFactor").asInt()).isEqualTo(5);
    assertThat(realm.path("revokeRefreshToken").asBoolean()).isTrue();
    assertThat(realm.path("refreshTokenMaxReuse").asInt()).isZero();
    assertThat(realm.path("accessTokenLifespan").asInt()).isEqualTo(300);
    assertThat(realm.path("registrationAllowed").asBoolean()).isFalse();
    assertThat(realm.path("passwordPolicy").asText()).contains("length(12)", "notUsername");
    assertThat(realm.path("browserFlow").asText()).isEqualTo("rampart browser 1");

    JsonNode profiles =
        keycloak.admin("GET", "/tenant-" + name + "/client-policies/profiles", null).body();
    List<String> executors = new ArrayList<>();
    profiles
        .path("profiles")
        .get(0)
        .path("executors")
        .forEach(e -> executors.add(e.path("executor").asText()));
    assertThat(executors)
        .contains(
            "pkce-enforcer",
            "reject-implicit-grant",
            "reject-ropc-grant",
            "secure-redirect-uris-enforcer");
    JsonNode policies =
        keycloak.admin("GET", "/tenant-" + name + "/client-policies/policies", null).body();
    assertThat(
            policies.path("policies").get(0).path("conditions").get(0).path("condition").asText())
        .isEqualTo("any-client");

    List<String> keys = new ArrayList<>();
    keycloak
        .admin("GET", "/tenant-" + name + "/keys", null)
        .body()
        .path("keys")
        .forEach(
            k ->
                keys.add(
                    k.path("providerPriority").asText()
                        + " "
                        + k.path("status").asText()
                        + " "
                        + k.path("algorithm").asText()));
    assertThat(keys).contains("1001 ACTIVE RS256");

    Tenant tenant = client.resources(Tenant.class).withName(name).get();
    assertThat(tenant.getStatus().getAuth().getIssuer())
        .isEqualTo(keycloak.url() + "/realms/tenant-" + name);
    // The tenant reconciler's own status is untouched by the auth reconciler's.
    assertThat(Tenants.isReady(tenant)).isTrue();
  }

  @Test
  void tenantRolesBecomeRealmRolesAndMfaRolesImplyTheMarker() {
    String name = Realms.tenantWithRealm("roles", AuthDeletionPolicy.RETAIN);
    TenantRoles.five(name).forEach(role -> client.resource(role).create());
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode composites =
                  keycloak
                      .admin("GET", "/tenant-" + name + "/roles/pii-exporter/composites", null)
                      .body();
              assertThat(composites.toString()).contains(RealmRoles.MFA_REQUIRED);
              assertThat(keycloak.admin("GET", "/tenant-" + name + "/roles/viewer", null).status())
                  .isEqualTo(200);
            });
    JsonNode viewer = keycloak.admin("GET", "/tenant-" + name + "/roles/viewer", null).body();
    assertThat(viewer.path("composite").asBoolean()).isFalse();
  }

  @Test
  void changesMadeByHandInKeycloakAreRestoredWithAWarning() {
    String name = Realms.tenantWithRealm("drift", AuthDeletionPolicy.RETAIN);
    ObjectNode weakened = JSON.createObjectNode();
    weakened.put("bruteForceProtected", false);
    weakened.put("accessTokenLifespan", 3600);
    assertThat(keycloak.admin("PUT", "/tenant-" + name, weakened).status()).isEqualTo(204);
    // The second factor switched off in the bound flow.
    Realms.disableExecutions(name, "rampart browser 1", "auth-otp-form");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode realm = realm(name);
              assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
              assertThat(realm.path("accessTokenLifespan").asInt()).isEqualTo(300);
              assertThat(realm.path("browserFlow").asText()).isEqualTo("rampart browser 2");
            });
    // The drifted flow is deleted once its successor is bound, its subflows with it.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        keycloak
                            .admin("GET", "/tenant-" + name + "/authentication/flows", null)
                            .body()
                            .toString())
                    .doesNotContain("rampart browser 1"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(events(name))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("RealmRestored");
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage())
                              .contains("bruteForceProtected", "browser flow");
                        }));
  }

  /**
   * A new generation signs from then on, and the key it replaced stays in the JWKS, passive, so a
   * token it signed before still verifies.
   */
  @Test
  void aNewSigningKeyGenerationSignsWhileTheReplacedKeyStillVerifies() {
    String name = Realms.tenantWithRealm("keys", AuthDeletionPolicy.DELETE);
    OidcClient service = Realms.serviceClient(name, "service");
    String clientId = Realms.awaitClient(service);
    String secret = Realms.clientSecret(service);
    BrowserLogin realm = new BrowserLogin(Realms.issuer(name));
    String before = realm.clientCredentials(clientId, secret).accessToken();
    String firstKid = kid(before);
    assertThat(signingKids(realm)).containsExactly(firstKid);

    Tenants.editSpec(client, name, spec -> spec.getAuth().getSigningKeys().setGeneration(2));
    Tenant rotated = awaitAuth(name, Realms::isReady);
    assertThat(rotated.getStatus().getAuth().getSigningKeys())
        .extracting(SigningKeyStatus::getGeneration)
        .containsExactly(2L, 1L);
    assertThat(rotated.getStatus().getAuth().getSigningKeys().get(1).getRetiredAt()).isNotNull();

    String after = realm.clientCredentials(clientId, secret).accessToken();
    assertThat(kid(after)).isNotEqualTo(firstKid);
    assertThat(signingKids(realm)).containsExactlyInAnyOrder(firstKid, kid(after));
    assertThat(realm.introspect(clientId, secret, before).body().path("active").asBoolean())
        .as("a token signed by the replaced key, during the overlap")
        .isTrue();
    assertThat(realm.introspect(clientId, secret, after).body().path("active").asBoolean())
        .isTrue();
  }

  private static String kid(String jwt) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0])).path("kid").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The kids of the realm's JWKS keys used for signatures. */
  private static List<String> signingKids(BrowserLogin realm) {
    List<String> kids = new ArrayList<>();
    realm
        .keys()
        .path("keys")
        .forEach(
            key -> {
              if (!"enc".equals(key.path("use").asText())) {
                kids.add(key.path("kid").asText());
              }
            });
    return kids;
  }

  @Test
  void aSteadyStateOnlyReadsKeycloak() {
    Realms.tenantWithRealm("steady", AuthDeletionPolicy.RETAIN);
    // Settled: no realm of any test is still being written.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(6))
        .until(new Unchanged(() -> writes(TestCluster.operator().keycloakRequests())));
    Map<String, Long> before = TestCluster.operator().keycloakRequests();
    // Two resync periods: every realm is read again twice.
    await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).until(() -> true);
    Map<String, Long> after = TestCluster.operator().keycloakRequests();
    assertThat(after.getOrDefault("GET", 0L)).isGreaterThan(before.getOrDefault("GET", 0L));
    assertThat(writes(after)).isEqualTo(writes(before));
  }

  @Test
  void anOutageIsAConditionChangesNothingAndRecovers() {
    String name = Realms.tenantWithRealm("outage", AuthDeletionPolicy.DELETE);
    ObjectNode user = JSON.createObjectNode();
    user.put("username", "kept-user");
    user.put("enabled", true);
    assertThat(keycloak.admin("POST", "/tenant-" + name + "/users", user).status()).isEqualTo(201);
    keycloak.stop();
    try {
      Tenant down = awaitAuth(name, t -> !Realms.isReady(t));
      assertThat(Realms.reason(down)).isEqualTo(AuthStatusModel.UNAVAILABLE);
      assertThat(down.getStatus().getAuth().getIssuer()).isNotEmpty();
    } finally {
      keycloak.start();
    }
    awaitAuth(name, Realms::isReady);
    assertThat(
            keycloak
                .admin("GET", "/tenant-" + name + "/users?username=kept-user", null)
                .body()
                .size())
        .isEqualTo(1);
  }

  @Test
  void deletionPolicyDecidesWhetherTheRealmGoesWithItsTenant() {
    String deleted = Realms.tenantWithRealm("gone", AuthDeletionPolicy.DELETE);
    String retained = Realms.tenantWithRealm("kept", AuthDeletionPolicy.RETAIN);
    client.resources(Tenant.class).withName(deleted).delete();
    client.resources(Tenant.class).withName(retained).delete();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                client.resources(Tenant.class).withName(deleted).get() == null
                    && client.resources(Tenant.class).withName(retained).get() == null);
    assertThat(keycloak.admin("GET", "/tenant-" + deleted, null).status()).isEqualTo(404);
    assertThat(keycloak.admin("GET", "/tenant-" + retained, null).status()).isEqualTo(200);
  }

  @Test
  void rampartsClientAdministersTheRealmsItMadeAndNothingElse() throws Exception {
    String mine = Realms.tenantWithRealm("own", AuthDeletionPolicy.DELETE);
    ObjectNode foreign =
        JSON.createObjectNode().put("realm", "not-rampart-" + mine).put("enabled", true);
    assertThat(keycloak.admin("POST", "", foreign).status()).isEqualTo(201);
    String token = keycloak.token(keycloak.operatorClientId(), keycloak.operatorClientSecret());
    assertThat(asOperator(token, "GET", "/tenant-" + mine + "/users")).isEqualTo(200);
    // The master realm's users and settings, and a realm someone else made, are out of reach.
    assertThat(asOperator(token, "GET", "/master/users")).isEqualTo(403);
    assertThat(asOperator(token, "PUT", "/master")).isEqualTo(403);
    assertThat(asOperator(token, "GET", "/not-rampart-" + mine + "/users")).isEqualTo(403);
    assertThat(asOperator(token, "DELETE", "/not-rampart-" + mine)).isEqualTo(403);
  }

  private static int asOperator(String token, String method, String path) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(keycloak.url() + "/admin/realms" + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                    method,
                    method.equals("PUT")
                        ? java.net.http.HttpRequest.BodyPublishers.ofString("{}")
                        : java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(),
            java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static List<Event> events(String tenant) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> tenant.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Every request but reads and Rampart's own token grants. */
  private static long writes(Map<String, Long> requests) {
    return requests.entrySet().stream()
        .filter(e -> !e.getKey().equals("GET") && !e.getKey().equals("TOKEN"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** True once the value is the same as at the previous poll. */
  private static final class Unchanged implements java.util.concurrent.Callable<Boolean> {
    private final java.util.function.LongSupplier value;
    private long last = -1;

    Unchanged(java.util.function.LongSupplier value) {
      this.value = value;
    }

    @Override
    public Boolean call() {
      long now = value.getAsLong();
      boolean same = now == last;
      last = now;
      return same;
    }
  }
}
