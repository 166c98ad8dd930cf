package dev.rampart.operator.vaultsecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rampart.localcp.LocalPostgres;
import dev.rampart.localcp.LocalVault;
import dev.rampart.localcp.Servers;
import dev.rampart.operator.api.vaultsecret.DatabaseSource;
import dev.rampart.operator.api.vaultsecret.Destination;
import dev.rampart.operator.api.vaultsecret.LeaseStatus;
import dev.rampart.operator.api.vaultsecret.Source;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretSpec;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import dev.rampart.operator.testing.TestVault;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VaultSecrets with a database source, against the real API server, a real OpenBao with its real
 * database secrets engine, and a real PostgreSQL: credentials that log in, a lease that is renewed
 * and replaced at its max TTL, isolation between tenants, and revocation on deletion.
 */
class VaultSecretDatabaseIT {

  private static KubernetesClient client;
  private static LocalVault vault;
  private static LocalPostgres postgres;

  @BeforeAll
  static void start() throws SQLException {
    client = TestCluster.admin();
    vault = TestCluster.vault();
    TestCluster.operator();
    postgres = LocalPostgres.start(Servers.fromCache());
    try (Connection db = superuser()) {
      db.createStatement().execute("CREATE SCHEMA IF NOT EXISTS app");
    }
    // What the platform administrator configures once (README): one connection, tenant roles.
    vault.asRoot(
        "POST",
        "database/config/tenants-pg",
        Map.of(
            "plugin_name",
            "postgresql-database-plugin",
            "connection_url",
            "postgresql://{{username}}:{{password}}@127.0.0.1:"
                + postgres.port()
                + "/postgres?sslmode=disable",
            "username",
            LocalPostgres.SUPERUSER,
            "password",
            postgres.superuserPassword(),
            "allowed_roles",
            "tenant-*"));
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  /**
   * Short TTLs, so that renewal and re-issue happen within the test; the max TTL is longer than the
   * tenant's token lifetime ({@link TestCluster#TENANT_TOKEN_TTL}), which the lease must outlive.
   */
  private static void databaseRole(String tenant) {
    vault.asRoot(
        "POST",
        "database/roles/tenant-" + tenant + "-app",
        Map.of(
            "db_name", "tenants-pg",
            "creation_statements",
                List.of(
                    "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL"
                        + " '{{expiration}}';",
                    "GRANT USAGE ON SCHEMA app TO \"{{name}}\";"),
            // The plugin's default revocation does not undo the schema grant, so DROP ROLE
            // would fail on the dependent privilege.
            "revocation_statements",
                List.of(
                    "REVOKE ALL ON SCHEMA app FROM \"{{name}}\";",
                    "DROP ROLE IF EXISTS \"{{name}}\";"),
            "default_ttl", "20s",
            "max_ttl", "90s"));
  }

  private static String tenant(String prefix) {
    String name = Tenants.createVaultReady(client, prefix);
    databaseRole(name);
    return name;
  }

  private static VaultSecret databaseSecret(String namespace, String name, String role) {
    VaultSecret vs = new VaultSecret();
    vs.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    VaultSecretSpec spec = new VaultSecretSpec();
    spec.setSource(new Source(new DatabaseSource(role)));
    spec.setDestination(new Destination(name));
    vs.setSpec(spec);
    return client.resource(vs).create();
  }

  private static VaultSecret awaitVaultSecret(
      String namespace, String name, Duration atMost, Predicate<VaultSecret> condition) {
    VaultSecret[] seen = new VaultSecret[1];
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              seen[0] =
                  client.resources(VaultSecret.class).inNamespace(namespace).withName(name).get();
              return seen[0] != null && condition.test(seen[0]);
            });
    return seen[0];
  }

  private static boolean ready(VaultSecret vs) {
    return vs.getStatus() != null
        && Conditions.isTrue(vs.getStatus().getConditions(), Conditions.READY)
        && vs.getStatus().getLease() != null;
  }

  private static Map<String, String> secretData(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    return Map.of(
        "username", decode(secret.getData().get("username")),
        "password", decode(secret.getData().get("password")));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static Connection superuser() throws SQLException {
    return login(LocalPostgres.SUPERUSER, postgres.superuserPassword());
  }

  private static Connection login(String user, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    return DriverManager.getConnection(postgres.jdbcUrl(), props);
  }

  private static boolean canLogIn(Map<String, String> credentials) {
    try (Connection c = login(credentials.get("username"), credentials.get("password"));
        ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
      return rs.next() && credentials.get("username").equals(rs.getString(1));
    } catch (SQLException e) {
      return false;
    }
  }

  private static boolean roleExists(String username) throws SQLException {
    try (Connection db = superuser();
        PreparedStatement q = db.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      q.setString(1, username);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Test
  void credentialsLogInAreRenewedAndReplacedAtMaxTtl() throws InterruptedException, SQLException {
    String tenant = tenant("db-life");
    databaseSecret(tenant, "app-db", "app");
    VaultSecret first = awaitVaultSecret(tenant, "app-db", Duration.ofSeconds(60), v -> ready(v));
    LeaseStatus lease = first.getStatus().getLease();
    assertThat(lease.getId()).startsWith("database/creds/tenant-" + tenant + "-app/");
    assertThat(lease.getDurationSeconds()).isEqualTo(20);
    Map<String, String> original = secretData(tenant, "app-db");
    assertThat(original.get("username")).isNotBlank();
    assertThat(canLogIn(original)).isTrue();
    // Status names the lease, never the credentials.
    assertThat(first.getStatus().toString()).doesNotContain(original.get("password"));

    // Renewed at two thirds of the 20 s TTL: same user, renewedAt moves.
    VaultSecret renewed =
        awaitVaultSecret(
            tenant,
            "app-db",
            Duration.ofSeconds(40),
            v -> ready(v) && v.getStatus().getLease().getRenewedAt() != null);
    assertThat(renewed.getStatus().getLease().getId()).isEqualTo(lease.getId());
    assertThat(renewed.getStatus().getLease().getOwnerTokenAccessor())
        .isEqualTo(lease.getOwnerTokenAccessor())
        .isNotBlank();
    assertThat(secretData(tenant, "app-db")).isEqualTo(original);
    assertThat(canLogIn(original)).isTrue();

    // Past the lifetime of the tenant token that issued them (Vault would revoke the lease with
    // it), the same credentials are renewed and still log in.
    Instant issuedAt = Instant.parse(lease.getIssuedAt());
    Instant pastTokenLifetime = issuedAt.plus(TestCluster.TENANT_TOKEN_TTL).plusSeconds(8);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), pastTokenLifetime).toMillis()));
    VaultSecret pastToken =
        client.resources(VaultSecret.class).inNamespace(tenant).withName("app-db").get();
    assertThat(pastToken.getStatus().getLease().getId()).isEqualTo(lease.getId());
    assertThat(secretData(tenant, "app-db")).isEqualTo(original);
    assertThat(roleExists(original.get("username"))).isTrue();
    assertThat(canLogIn(original)).isTrue();

    // Before the 90 s max TTL, new credentials: another user, which logs in.
    VaultSecret replaced =
        awaitVaultSecret(
            tenant,
            "app-db",
            Duration.ofSeconds(90),
            v -> ready(v) && !lease.getId().equals(v.getStatus().getLease().getId()));
    Map<String, String> next = secretData(tenant, "app-db");
    assertThat(next.get("username")).isNotEqualTo(original.get("username"));
    assertThat(canLogIn(next)).isTrue();
    assertThat(replaced.getStatus().getLease().getRenewedAt()).isNull();
    // The old lease ends at its max TTL: Vault drops the old user, which can no longer log in.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> !roleExists(original.get("username")));
    assertThat(canLogIn(original)).isFalse();
    assertThat(canLogIn(next)).isTrue();
  }

  @Test
  void aTenantCannotGetAnotherTenantsCredentials() {
    String a = tenant("db-a");
    String b = tenant("db-b");
    String tokenA =
        vault
            .request(
                "POST",
                "auth/kubernetes/login",
                null,
                Map.of("role", "tenant-" + a, "jwt", TestVault.jwt(a, "default", List.of())))
            .body()
            .path("auth")
            .path("client_token")
            .asText();
    assertThat(tokenA).isNotBlank();
    assertThat(vault.request("GET", "database/creds/tenant-" + b + "-app", tokenA, null).status())
        .isEqualTo(403);
    // Nor renew or revoke B's lease, even knowing its id.
    String leaseB =
        vault
            .asRoot("GET", "database/creds/tenant-" + b + "-app", null)
            .body()
            .path("lease_id")
            .asText();
    assertThat(vault.request("PUT", "sys/leases/renew/" + leaseB, tokenA, Map.of()).status())
        .isEqualTo(403);
    assertThat(vault.request("PUT", "sys/leases/revoke/" + leaseB, tokenA, Map.of()).status())
        .isEqualTo(403);
    assertThat(
            vault.request("PUT", "sys/leases/revoke", tokenA, Map.of("lease_id", leaseB)).status())
        .isEqualTo(403);
    // A's own credentials work for A's token.
    assertThat(vault.request("GET", "database/creds/tenant-" + a + "-app", tokenA, null).ok())
        .isTrue();

    // A VaultSecret in A's namespace naming B's role reads tenant-<a>-<b>-app: no such role.
    databaseSecret(a, "steal", b + "-app");
    VaultSecret refused =
        awaitVaultSecret(
            a,
            "steal",
            Duration.ofSeconds(60),
            v ->
                v.getStatus() != null
                    && !v.getStatus().getConditions().isEmpty()
                    && !Conditions.isTrue(v.getStatus().getConditions(), Conditions.READY));
    assertThat(refused.getStatus().getLease()).isNull();
    assertThat(client.secrets().inNamespace(a).withName("steal").get()).isNull();
  }

  @Test
  void deletingTheVaultSecretRevokesTheLease() throws SQLException {
    String tenant = tenant("db-del");
    databaseSecret(tenant, "gone", "app");
    awaitVaultSecret(tenant, "gone", Duration.ofSeconds(60), v -> ready(v));
    Map<String, String> credentials = secretData(tenant, "gone");
    assertThat(roleExists(credentials.get("username"))).isTrue();

    client.resources(VaultSecret.class).inNamespace(tenant).withName("gone").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !roleExists(credentials.get("username")));
    assertThat(canLogIn(credentials)).isFalse();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(VaultSecret.class).inNamespace(tenant).withName("gone").get()
                    == null);
    assertThatThrownBy(() -> login(credentials.get("username"), credentials.get("password")))
        .isInstanceOf(SQLException.class);
  }
}
