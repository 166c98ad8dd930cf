package dev.rampart.operator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.operator.api.vaultsecret.DatabaseSource;
import dev.rampart.operator.api.vaultsecret.KvSource;
import dev.rampart.operator.model.tenant.TenantVaultModel;
import dev.rampart.operator.model.vaultsecret.DatabaseLeases;
import dev.rampart.operator.model.vaultsecret.KvPaths;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads tenants' KV entries and database credentials (and renews and revokes their leases) as the
 * tenant, never as Rampart: a namespace's {@code default} ServiceAccount gets a short-lived token
 * from the TokenRequest API and logs in with the tenant's kubernetes-auth role, so Vault itself
 * decides what the namespace may read. Tokens are cached per namespace and tenant (not per tenant
 * alone: a namespace merely labelled into a tenant must never reuse the token a real tenant
 * namespace obtained) until two thirds of their lifetime; logins unused for a token lifetime are
 * dropped.
 *
 * <p>Database credentials are the exception: each lease is issued with a login of its own, as Vault
 * revokes a lease together with the token that created it. Rampart's own token renews that owner
 * token by accessor, so renewal works after an operator restart too.
 */
public final class TenantKv {

  private static final long JWT_SECONDS = 600L;

  private final VaultHttpClient connection;
  private final Vault rampart;
  private final VaultConfig config;
  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Login> logins = new ConcurrentHashMap<>();
  private volatile Instant nextPrune = Instant.MIN;

  /** A tenant login and when it was last used. */
  private record Login(VaultHttpClient vault, AtomicReference<Instant> lastUsed) {}

  public TenantKv(Vault rampart, VaultConfig config, KubernetesClient client, Clock clock) {
    this.connection = VaultConnection.connect(config);
    this.rampart = rampart;
    this.config = config;
    this.client = client;
    this.clock = clock;
  }

  /** A KV v2 entry: its {@code data} and the version read. */
  public record Entry(JsonNode data, long version) {}

  /** The entry, or empty when Vault has nothing (or only a deleted version) at the path. */
  public Optional<Entry> read(String tenant, String namespace, KvSource kv) {
    return asTenant(tenant, namespace)
        .read(KvPaths.dataPath(tenant, kv))
        .filter(body -> body.path("data").isObject())
        .map(body -> new Entry(body.get("data"), body.path("metadata").path("version").asLong()));
  }

  /** Writes {@code data} as a new version of the tenant's KV entry at {@code path}; its version. */
  public long write(String tenant, String namespace, String path, Map<String, String> data) {
    return asTenant(tenant, namespace)
        .writeResponse(KvPaths.dataPath(tenant, new KvSource(path, null)), Map.of("data", data))
        .path("data")
        .path("version")
        .asLong();
  }

  /** Database credentials, their lease and the token that owns it. */
  public record Credentials(
      String username, String password, DatabaseLeases.Lease lease, DatabaseLeases.Owner owner) {}

  /**
   * New credentials of the tenant's database role {@code role} (prefix added here), issued with a
   * login of their own that no other request uses.
   */
  public Optional<Credentials> issue(String tenant, String namespace, DatabaseSource database) {
    String credsPath = DatabaseLeases.credsPath(tenant, database.getRole());
    VaultHttpClient vault = connection.sharingConnection();
    JsonNode auth = vault.login(loginPath(), loginBody(tenant, namespace));
    String token = auth.path("client_token").asText();
    vault.useToken(() -> token);
    DatabaseLeases.Owner owner =
        new DatabaseLeases.Owner(
            auth.path("accessor").asText(),
            Duration.ofSeconds(auth.path("lease_duration").asLong()));
    return vault
        .readResponse(credsPath)
        .filter(body -> body.path("data").isObject())
        .map(
            body ->
                new Credentials(
                    body.path("data").path("username").asText(),
                    body.path("data").path("password").asText(),
                    lease(body),
                    owner));
  }

  /**
   * Renews the token that owns a lease, with Rampart's own token; the TTL it has left, which its
   * max TTL may have cut short.
   */
  public Duration renewOwner(String accessor) {
    JsonNode auth =
        rampart
            .writeResponse("auth/token/renew-accessor", Map.of("accessor", accessor))
            .path("auth");
    return Duration.ofSeconds(auth.path("lease_duration").asLong());
  }

  /** Renews the lease (by its id in the URL, as the tenant's policy allows); Vault's new lease. */
  public DatabaseLeases.Lease renew(String tenant, String namespace, String leaseId) {
    return lease(
        asTenant(tenant, namespace).writeResponse("sys/leases/renew/" + leaseId, Map.of()));
  }

  /** Revokes the lease: Vault drops the database user at once. */
  public void revoke(String tenant, String namespace, String leaseId) {
    asTenant(tenant, namespace).writeResponse("sys/leases/revoke/" + leaseId, Map.of());
  }

  private static DatabaseLeases.Lease lease(JsonNode body) {
    return new DatabaseLeases.Lease(
        body.path("lease_id").asText(),
        Duration.ofSeconds(body.path("lease_duration").asLong()),
        body.path("renewable").asBoolean());
  }

  private VaultHttpClient asTenant(String tenant, String namespace) {
    Instant now = clock.instant();
    pruneUnused(now);
    Login login =
        logins.computeIfAbsent(
            namespace + "/" + tenant,
            key -> {
              VaultHttpClient vault = connection.sharingConnection();
              vault.useToken(
                  new KubernetesAuthToken(
                      vault,
                      config.kubernetesMount(),
                      TenantVaultModel.roleName(tenant),
                      () -> serviceAccountJwt(namespace),
                      clock));
              return new Login(vault, new AtomicReference<>(now));
            });
    login.lastUsed().set(now);
    return login.vault();
  }

  /** Drops logins unused for a token lifetime: their tokens have expired by then anyway. */
  private void pruneUnused(Instant now) {
    if (now.isBefore(nextPrune)) {
      return;
    }
    nextPrune = now.plus(config.tenantTokenTtl());
    Instant unusedSince = now.minus(config.tenantTokenTtl());
    logins.values().removeIf(login -> login.lastUsed().get().isBefore(unusedSince));
  }

  /** How many tenant logins are cached (for tests). */
  int cachedLogins() {
    return logins.size();
  }

  private String loginPath() {
    return "auth/" + config.kubernetesMount() + "/login";
  }

  private Map<String, String> loginBody(String tenant, String namespace) {
    return Map.of("role", TenantVaultModel.roleName(tenant), "jwt", serviceAccountJwt(namespace));
  }

  private String serviceAccountJwt(String namespace) {
    return client
        .serviceAccounts()
        .inNamespace(namespace)
        .withName("default")
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(JWT_SECONDS)
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }
}
