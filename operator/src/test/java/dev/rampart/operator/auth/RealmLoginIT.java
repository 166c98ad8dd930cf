package dev.rampart.operator.auth;

import static dev.rampart.operator.testing.Realms.PASSWORD;
import static dev.rampart.operator.testing.Realms.REDIRECT;
import static dev.rampart.operator.testing.Realms.awaitClient;
import static dev.rampart.operator.testing.Realms.publicClient;
import static dev.rampart.operator.testing.Realms.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.localcp.LocalKeycloak;
import dev.rampart.operator.api.auth.AuthDeletionPolicy;
import dev.rampart.operator.api.auth.GroupMapping;
import dev.rampart.operator.api.auth.IdentityProvider;
import dev.rampart.operator.api.auth.OidcClient;
import dev.rampart.operator.api.auth.OidcClientType;
import dev.rampart.operator.api.paymentwebhook.SecretKeyRef;
import dev.rampart.operator.model.auth.LoginFlow;
import dev.rampart.operator.testing.BrowserLogin;
import dev.rampart.operator.testing.BrowserLogin.Pkce;
import dev.rampart.operator.testing.BrowserLogin.User;
import dev.rampart.operator.testing.Realms;
import dev.rampart.operator.testing.TenantRoles;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logins to a tenant's realm driven as a browser would, through an OidcClient's client: what the
 * realm's policies let through and what they refuse.
 */
class RealmLoginIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static KubernetesClient client;
  private static LocalKeycloak keycloak;
  private static String tenant;
  private static String issuer;
  private static String clientId;

  @BeforeAll
  static void start() {
    client = TestCluster.admin();
    keycloak = TestCluster.keycloak();
    TestCluster.operator();
    tenant = Realms.tenantWithRealm("login", AuthDeletionPolicy.DELETE);
    // Lockouts short enough to wait out in a test.
    Tenants.editSpec(
        client,
        tenant,
        spec -> {
          spec.getAuth().getBruteForce().setWaitIncrement("10s");
          spec.getAuth().getBruteForce().setMaxWait("30s");
        });
    Tenants.awaitTenant(client, tenant, Realms::isReady);
    TenantRoles.five(tenant).forEach(role -> client.resource(role).create());
    issuer = Realms.issuer(tenant);
    clientId = awaitClient(publicClient(tenant, "spa"));
    Realms.awaitRole(tenant, "pii-exporter");
  }

  @Test
  void authorizationCodeWithPkceS256IsTheOnlyWayIn() {
    User user = user(tenant, "pkce-user", "viewer");
    BrowserLogin.Outcome s256 = new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.S256, user);
    assertThat(s256.succeeded()).as(s256.refusal()).isTrue();
    BrowserLogin.Answer tokens = new BrowserLogin(issuer).exchange(clientId, REDIRECT, s256);
    assertThat(tokens.status()).isEqualTo(200);
    JsonNode claims = BrowserLogin.claims(tokens.accessToken());
    assertThat(claims.path("iss").asText()).isEqualTo(issuer);
    assertThat(claims.path("aud").toString()).contains(clientId);
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    assertThat(texts(claims.path("realm_access").path("roles"))).contains("viewer");

    BrowserLogin.Outcome none = new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.NONE, user);
    assertThat(none.succeeded()).isFalse();
    assertThat(none.refusal()).contains("code_challenge");
    BrowserLogin.Outcome plain =
        new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.PLAIN, user);
    assertThat(plain.succeeded()).isFalse();

    BrowserLogin.Outcome implicit =
        new BrowserLogin(issuer)
            .authorize(clientId, REDIRECT, Map.of("response_type", "token"), user, "unused");
    assertThat(implicit.succeeded()).isFalse();
    assertThat(implicit.refusal()).doesNotContain("access_token");

    assertThat(new BrowserLogin(issuer).passwordGrant(clientId, user).status()).isBetween(400, 401);

    BrowserLogin.Outcome elsewhere =
        new BrowserLogin(issuer)
            .login(clientId, "https://attacker.example/callback", Pkce.S256, user);
    assertThat(elsewhere.succeeded()).isFalse();
  }

  @Test
  void aRefreshTokenUsedTwiceIsRefusedAndEndsTheSession() {
    User user = user(tenant, "refresh-user", "viewer");
    BrowserLogin browser = new BrowserLogin(issuer);
    BrowserLogin.Answer first =
        browser.exchange(clientId, REDIRECT, browser.login(clientId, REDIRECT, Pkce.S256, user));
    BrowserLogin.Answer rotated = browser.refresh(clientId, first.refreshToken());
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.refreshToken()).isNotEqualTo(first.refreshToken());

    BrowserLogin.Answer replayed = browser.refresh(clientId, first.refreshToken());
    assertThat(replayed.status()).isEqualTo(400);
    assertThat(replayed.body().path("error").asText()).isEqualTo("invalid_grant");
    // The reuse ended the session: the legitimate holder's new token is dead too.
    assertThat(browser.refresh(clientId, rotated.refreshToken()).status()).isEqualTo(400);
  }

  @Test
  void aPrivilegedRoleCannotLogInWithoutTotpAndItsTokenShowsIt() {
    User exporter = user(tenant, "mfa-user", "pii-exporter");
    BrowserLogin.Outcome setup =
        new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.S256, exporter);
    assertThat(setup.succeeded()).as(setup.refusal()).isTrue();
    assertThat(exporter.hasOtp()).as("the realm had the user set up TOTP").isTrue();
    long setupStep = totpStep();
    // Setting up TOTP is no authenticator (amr says pwd), but the login reached level 2.
    JsonNode setupClaims =
        BrowserLogin.claims(
            new BrowserLogin(issuer).exchange(clientId, REDIRECT, setup).accessToken());
    assertThat(setupClaims.path("acr").asText()).isEqualTo(LoginFlow.MFA_ACR);

    // Another browser, the password alone: the realm stops at the OTP form.
    User passwordOnly = new User("mfa-user", PASSWORD);
    BrowserLogin.Outcome stopped =
        new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.S256, passwordOnly);
    assertThat(stopped.succeeded()).isFalse();

    // With the authenticator, once the 30-second step of the setup code has passed (a code is
    // accepted once).
    await()
        .atMost(Duration.ofSeconds(35))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> totpStep() > setupStep);
    BrowserLogin browser = new BrowserLogin(issuer);
    BrowserLogin.Outcome withOtp = browser.login(clientId, REDIRECT, Pkce.S256, exporter);
    assertThat(withOtp.succeeded()).as(withOtp.refusal()).isTrue();
    JsonNode claims =
        BrowserLogin.claims(browser.exchange(clientId, REDIRECT, withOtp).accessToken());
    assertThat(texts(claims.path("amr"))).contains("pwd", "otp");
    assertThat(claims.path("acr").asText()).isEqualTo(LoginFlow.MFA_ACR);

    User viewer = user(tenant, "plain-user", "viewer");
    BrowserLogin.Outcome plain =
        new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.S256, viewer);
    assertThat(viewer.hasOtp()).isFalse();
    JsonNode plainClaims =
        BrowserLogin.claims(
            new BrowserLogin(issuer).exchange(clientId, REDIRECT, plain).accessToken());
    assertThat(texts(plainClaims.path("amr"))).containsExactly("pwd");
    assertThat(plainClaims.path("acr").asText()).isEqualTo("pwd");
  }

  @Test
  void wrongPasswordsLockTheAccountUntilTheWaitPasses() {
    User user = user(tenant, "locked-user", "viewer");
    User wrong = new User("locked-user", "not-the-password-at-all");
    for (int i = 0; i < 5; i++) {
      assertThat(new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.S256, wrong).succeeded())
          .isFalse();
    }
    assertThat(bruteForce("locked-user").path("disabled").asBoolean()).isTrue();
    BrowserLogin.Outcome locked =
        new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.S256, user);
    assertThat(locked.succeeded()).as("the right password while locked").isFalse();
    // The lockout lasts the tenant's waitIncrement (10s here), then the right password works.
    await()
        .pollDelay(Duration.ofSeconds(11))
        .atMost(Duration.ofSeconds(40))
        .until(() -> !bruteForce("locked-user").path("disabled").asBoolean());
    BrowserLogin.Outcome after =
        new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.S256, user);
    assertThat(after.succeeded()).as(after.refusal()).isTrue();
  }

  private static JsonNode bruteForce(String username) {
    return keycloak
        .admin(
            "GET",
            "/tenant-" + tenant + "/attack-detection/brute-force/users/" + userId(username),
            null)
        .body();
  }

  @Test
  void aTokenOfOneTenantsRealmIsRefusedByAnother() {
    String other = Realms.tenantWithRealm("other", AuthDeletionPolicy.DELETE);
    String otherClient = awaitClient(publicClient(other, "spa"));
    User user = user(tenant, "cross-user", "viewer");
    BrowserLogin.Outcome login =
        new BrowserLogin(issuer).login(clientId, REDIRECT, Pkce.S256, user);
    String token = new BrowserLogin(issuer).exchange(clientId, REDIRECT, login).accessToken();
    JsonNode claims = BrowserLogin.claims(token);
    assertThat(claims.path("aud").toString()).doesNotContain(otherClient);
    String otherIssuer = Realms.issuer(other);
    assertThat(claims.path("iss").asText()).isNotEqualTo(otherIssuer);
    // The other realm's userinfo endpoint refuses a token it did not sign.
    assertThat(userinfo(otherIssuer, token)).isEqualTo(401);
    assertThat(userinfo(issuer, token)).isEqualTo(200);
  }

  @Test
  void aConfidentialClientsSecretGoesToItsSecretOnly() {
    OidcClient server = publicClient(tenant, "backend");
    server.getSpec().setType(OidcClientType.CONFIDENTIAL);
    server.getSpec().setServiceAccount(true);
    String backend = awaitClient(server);
    Secret secret = client.secrets().inNamespace(tenant).withName("backend-oidc").get();
    String clientSecret =
        new String(
            Base64.getDecoder().decode(secret.getData().get("client-secret")),
            StandardCharsets.UTF_8);
    String keycloakId =
        keycloak
            .admin("GET", "/tenant-" + tenant + "/clients?clientId=" + backend, null)
            .body()
            .get(0)
            .path("id")
            .asText();
    assertThat(
            keycloak
                .admin(
                    "GET", "/tenant-" + tenant + "/clients/" + keycloakId + "/client-secret", null)
                .body()
                .path("value")
                .asText())
        .isEqualTo(clientSecret);
    String status = client.resource(server).get().getStatus().toString();
    assertThat(client.resource(server).get().getStatus().getSecretName()).isEqualTo("backend-oidc");
    assertThat(JSON.valueToTree(client.resource(server).get()).toString())
        .doesNotContain(clientSecret);
    assertThat(status).doesNotContain(clientSecret);
  }

  @Test
  void aBrokeredLoginLandsInTheTenantsRealmWithTheRoleOfItsGroup() {
    // A second realm plays the enterprise identity provider.
    String corp = "corp-" + tenant;
    ObjectNode realm = JSON.createObjectNode();
    realm.put("realm", corp);
    realm.put("enabled", true);
    realm.put("sslRequired", "external");
    assertThat(keycloak.admin("POST", "", realm).status()).isEqualTo(201);
    String brokerSecret = BrowserLogin.verifier();
    ObjectNode broker = JSON.createObjectNode();
    broker.put("clientId", "tenant-broker");
    broker.put("secret", brokerSecret);
    broker.put("publicClient", false);
    broker.put("standardFlowEnabled", true);
    broker.put("directAccessGrantsEnabled", false);
    broker.putArray("redirectUris").add(issuer + "/broker/corp/endpoint");
    ObjectNode groups = broker.putArray("protocolMappers").addObject();
    groups.put("name", "groups");
    groups.put("protocol", "openid-connect");
    groups.put("protocolMapper", "oidc-group-membership-mapper");
    groups
        .putObject("config")
        .put("claim.name", "groups")
        .put("full.path", "false")
        .put("id.token.claim", "true")
        .put("access.token.claim", "true")
        .put("userinfo.token.claim", "true");
    assertThat(keycloak.admin("POST", "/" + corp + "/clients", broker).status()).isEqualTo(201);
    ObjectNode finance = JSON.createObjectNode().put("name", "finance");
    assertThat(keycloak.admin("POST", "/" + corp + "/groups", finance).status()).isEqualTo(201);
    ObjectNode eve = JSON.createObjectNode();
    eve.put("username", "eve");
    eve.put("enabled", true);
    eve.put("email", "eve@corp.example");
    eve.put("emailVerified", true);
    eve.put("firstName", "Eve");
    eve.put("lastName", "Corp");
    eve.putArray("groups").add("finance");
    eve.putArray("credentials")
        .addObject()
        .put("type", "password")
        .put("value", PASSWORD)
        .put("temporary", false);
    assertThat(keycloak.admin("POST", "/" + corp + "/users", eve).status()).isEqualTo(201);
    ObjectNode exporters = JSON.createObjectNode().put("name", "exporters");
    assertThat(keycloak.admin("POST", "/" + corp + "/groups", exporters).status()).isEqualTo(201);
    ObjectNode max = eve.deepCopy();
    max.put("username", "max");
    max.put("email", "max@corp.example");
    max.put("firstName", "Max");
    max.putArray("groups").add("exporters");
    assertThat(keycloak.admin("POST", "/" + corp + "/users", max).status()).isEqualTo(201);

    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("corp-oidc")
                .withNamespace(tenant)
                .endMetadata()
                .withStringData(Map.of("client-secret", brokerSecret))
                .build())
        .create();
    IdentityProvider provider = new IdentityProvider();
    provider.setAlias("corp");
    provider.setIssuer(keycloak.url() + "/realms/" + corp);
    provider.setClientId("tenant-broker");
    provider.setClientSecret(new SecretKeyRef("corp-oidc", "client-secret"));
    provider.setGroupMappings(
        List.of(
            new GroupMapping("finance", "viewer"), new GroupMapping("exporters", "pii-exporter")));
    Tenants.editSpec(
        client, tenant, spec -> spec.getAuth().setIdentityProviders(List.of(provider)));
    Tenants.awaitTenant(client, tenant, Realms::isReady);

    JsonNode claims = brokeredLogin(new User("eve", PASSWORD));
    assertThat(claims.path("iss").asText()).isEqualTo(issuer);
    assertThat(texts(claims.path("realm_access").path("roles"))).contains("viewer");
    assertThat(claims.path("acr").asText()).isEqualTo("pwd");

    // The enterprise's password is not the tenant's second factor: a brokered user whose group
    // maps to a requireMfa role sets up TOTP at the first login, and is asked for it afterwards.
    User exporter = new User("max", PASSWORD);
    JsonNode enrolled = brokeredLogin(exporter);
    assertThat(exporter.hasOtp()).as("the realm had the brokered user set up TOTP").isTrue();
    assertThat(texts(enrolled.path("realm_access").path("roles"))).contains("pii-exporter");
    assertThat(enrolled.path("acr").asText()).isEqualTo(LoginFlow.MFA_ACR);

    // The second factor switched off by hand in the post-broker flow: a fresh generation is built
    // and bound to the provider, and the drifted one deleted.
    Realms.disableExecutions(tenant, "rampart post broker 1", "auth-otp-form");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(
                      keycloak
                          .admin(
                              "GET",
                              "/tenant-" + tenant + "/identity-provider/instances/corp",
                              null)
                          .body()
                          .path("postBrokerLoginFlowAlias")
                          .asText())
                  .isEqualTo("rampart post broker 2");
              assertThat(
                      keycloak
                          .admin("GET", "/tenant-" + tenant + "/authentication/flows", null)
                          .body()
                          .toString())
                  .doesNotContain("rampart post broker 1");
            });
    BrowserLogin.Outcome withoutOtp = brokered(new User("max", PASSWORD));
    assertThat(withoutOtp.succeeded()).as("a brokered login without the TOTP").isFalse();
  }

  private static BrowserLogin.Outcome brokered(User user) {
    String verifier = BrowserLogin.verifier();
    return new BrowserLogin(issuer)
        .authorize(
            clientId,
            REDIRECT,
            Map.of(
                "response_type", "code",
                "code_challenge", BrowserLogin.s256(verifier),
                "code_challenge_method", "S256",
                "kc_idp_hint", "corp"),
            user,
            verifier);
  }

  private static JsonNode brokeredLogin(User user) {
    BrowserLogin.Outcome login = brokered(user);
    assertThat(login.succeeded()).as(login.refusal()).isTrue();
    return BrowserLogin.claims(
        new BrowserLogin(issuer).exchange(clientId, REDIRECT, login).accessToken());
  }

  private static long totpStep() {
    return java.time.Instant.now().getEpochSecond() / 30;
  }

  private static String userId(String username) {
    return keycloak
        .admin("GET", "/tenant-" + tenant + "/users?exact=true&username=" + username, null)
        .body()
        .get(0)
        .path("id")
        .asText();
  }

  private static int userinfo(String realmIssuer, String token) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(realmIssuer + "/protocol/openid-connect/userinfo"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }
}
