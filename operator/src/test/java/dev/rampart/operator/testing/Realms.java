package dev.rampart.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.localcp.LocalKeycloak;
import dev.rampart.operator.api.auth.Auth;
import dev.rampart.operator.api.auth.AuthDeletionPolicy;
import dev.rampart.operator.api.auth.OidcClient;
import dev.rampart.operator.api.auth.OidcClientSpec;
import dev.rampart.operator.api.auth.OidcClientType;
import dev.rampart.operator.api.auth.SslRequired;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.testing.BrowserLogin.User;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Test tenants with a Keycloak realm (spec.auth), what their status.auth says, and the clients and
 * users of their realms.
 */
public final class Realms {

  /** A native app's loopback redirect: registered without a port, requested with the app's. */
  private static final String REGISTERED_REDIRECT = "http://127.0.0.1/callback";

  /** Where a {@link #publicClient} sends the browser back: the registered redirect, with a port. */
  public static final String REDIRECT = "http://127.0.0.1:8765/callback";

  /** The password of every {@link #user}. */
  public static final String PASSWORD = "correct-horse-battery-staple";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Realms() {}

  /**
   * Creates a tenant with spec.auth, owned by alice, and waits until its realm is ready. Plain HTTP
   * is allowed from private addresses (sslRequired external): the test Keycloak has no TLS.
   */
  public static String tenantWithRealm(String prefix, AuthDeletionPolicy deletion) {
    String name = Tenants.uniqueName(prefix);
    Tenant tenant = Tenants.owned(name, "alice");
    tenant.getSpec().setAuth(auth(deletion));
    TestCluster.admin().resource(tenant).create();
    Tenants.awaitTenant(TestCluster.admin(), name, Realms::isReady);
    return name;
  }

  /** Gives an existing tenant a realm, as {@link #tenantWithRealm} has it, once it is ready. */
  public static void addRealm(String tenant, AuthDeletionPolicy deletion) {
    Tenants.editSpec(TestCluster.admin(), tenant, spec -> spec.setAuth(auth(deletion)));
    Tenants.awaitTenant(TestCluster.admin(), tenant, Realms::isReady);
  }

  private static Auth auth(AuthDeletionPolicy deletion) {
    Auth auth = new Auth();
    auth.setSslRequired(SslRequired.EXTERNAL);
    auth.setDeletionPolicy(deletion);
    return auth;
  }

  /** status.auth is Ready for the current spec. */
  public static boolean isReady(Tenant tenant) {
    return tenant.getStatus() != null
        && tenant.getStatus().getAuth() != null
        && tenant
            .getMetadata()
            .getGeneration()
            .equals(tenant.getStatus().getAuth().getObservedGeneration())
        && Conditions.isTrue(tenant.getStatus().getAuth().getConditions(), Conditions.READY);
  }

  /** The reason of status.auth's Ready condition. */
  public static String reason(Tenant tenant) {
    return tenant.getStatus().getAuth().getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getReason();
  }

  /** The tenant's issuer in the test Keycloak. */
  public static String issuer(String tenant) {
    return TestCluster.keycloak().url() + "/realms/tenant-" + tenant;
  }

  /** Waits until the realm has the realm role of the tenant's TenantRole {@code role}. */
  public static void awaitRole(String tenant, String role) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                TestCluster.keycloak()
                    .admin("GET", "/tenant-" + tenant + "/roles/" + role, null)
                    .ok());
  }

  /**
   * Switches off, by hand as an administrator would, every execution of {@code providerId} in the
   * tenant realm's flow {@code alias}.
   */
  public static void disableExecutions(String tenant, String alias, String providerId) {
    String executions =
        "/tenant-"
            + tenant
            + "/authentication/flows/"
            + URLEncoder.encode(alias, StandardCharsets.UTF_8).replace("+", "%20")
            + "/executions";
    LocalKeycloak keycloak = TestCluster.keycloak();
    int disabled = 0;
    for (JsonNode execution : keycloak.admin("GET", executions, null).body()) {
      if (providerId.equals(execution.path("providerId").asText())) {
        ObjectNode off = execution.deepCopy();
        off.put("requirement", "DISABLED");
        assertThat(keycloak.admin("PUT", executions, off).status()).isBetween(200, 299);
        disabled++;
      }
    }
    assertThat(disabled).as(providerId + " in " + alias).isPositive();
  }

  /** A public client (a native app: PKCE, loopback redirect) asking for the profile scope. */
  public static OidcClient publicClient(String namespace, String name) {
    OidcClient oidc = new OidcClient();
    oidc.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    OidcClientSpec spec = new OidcClientSpec();
    spec.setType(OidcClientType.PUBLIC);
    spec.setRedirectUris(List.of(REGISTERED_REDIRECT));
    spec.setScopes(List.of("profile"));
    oidc.setSpec(spec);
    return oidc;
  }

  /** A confidential client that may get tokens for itself (client credentials). */
  public static OidcClient serviceClient(String namespace, String name) {
    OidcClient oidc = publicClient(namespace, name);
    oidc.getSpec().setType(OidcClientType.CONFIDENTIAL);
    oidc.getSpec().setServiceAccount(true);
    return oidc;
  }

  /** The client secret Rampart wrote to a confidential client's Secret. */
  public static String clientSecret(OidcClient oidc) {
    Secret secret =
        TestCluster.admin()
            .secrets()
            .inNamespace(oidc.getMetadata().getNamespace())
            .withName(oidc.getMetadata().getName() + "-oidc")
            .get();
    return new String(
        Base64.getDecoder().decode(secret.getData().get("client-secret")), StandardCharsets.UTF_8);
  }

  /** Creates the OidcClient and returns its client id once it is Ready. */
  public static String awaitClient(OidcClient oidc) {
    var client = TestCluster.admin();
    client.resource(oidc).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              OidcClient current = client.resource(oidc).get();
              return current.getStatus() != null
                  && Conditions.isTrue(current.getStatus().getConditions(), Conditions.READY);
            });
    return client.resource(oidc).get().getStatus().getClientId();
  }

  /** A user of the tenant's realm holding {@code roles}, with password {@link #PASSWORD}. */
  public static User user(String realmTenant, String username, String... roles) {
    LocalKeycloak keycloak = TestCluster.keycloak();
    ObjectNode user = JSON.createObjectNode();
    user.put("username", username);
    user.put("enabled", true);
    user.put("email", username + "@example.com");
    user.put("emailVerified", true);
    user.put("firstName", "Test");
    user.put("lastName", username);
    ObjectNode credential = user.putArray("credentials").addObject();
    credential.put("type", "password");
    credential.put("value", PASSWORD);
    credential.put("temporary", false);
    String realm = "/tenant-" + realmTenant;
    assertThat(keycloak.admin("POST", realm + "/users", user).status()).isEqualTo(201);
    String id =
        keycloak
            .admin("GET", realm + "/users?exact=true&username=" + username, null)
            .body()
            .get(0)
            .path("id")
            .asText();
    for (String role : roles) {
      JsonNode representation = keycloak.admin("GET", realm + "/roles/" + role, null).body();
      assertThat(
              keycloak
                  .admin(
                      "POST",
                      realm + "/users/" + id + "/role-mappings/realm",
                      JSON.createArrayNode().add(representation))
                  .status())
          .isEqualTo(204);
    }
    return new User(username, PASSWORD);
  }
}
