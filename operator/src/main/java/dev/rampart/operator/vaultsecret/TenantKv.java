package dev.rampart.operator.vaultsecret;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.operator.api.vaultsecret.DatabaseSource;
import dev.rampart.operator.api.vaultsecret.KvSource;
import dev.rampart.operator.model.tenant.TenantVaultModel;
import dev.rampart.operator.model.vaultsecret.DatabaseLeases;
import dev.rampart.operator.model.vaultsecret.KvPaths;
import dev.rampart.operator.vault.KubernetesAuthToken;
import dev.rampart.operator.vault.VaultConfig;
import dev.rampart.operator.vault.VaultConnection;
import dev.rampart.operator.vault.VaultHttpClient;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads tenants' KV entries and database credentials (and renews and revokes their leases) as the
 * tenant, never as Rampart: a namespace's {@code default} ServiceAccount gets a short-lived token
 * from the TokenRequest API and logs in with the tenant's kubernetes-auth role, so Vault itself
 * decides what the namespace may read. Tokens are cached per namespace and tenant (not per tenant
 * alone: a namespace merely labelled into a tenant must never reuse the token a real tenant
 * namespace obtained) until two thirds of their lifetime.
 */
final class TenantKv {

  private static final long JWT_SECONDS = 600L;

  private final VaultHttpClient connection;
  private final VaultConfig config;
  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, VaultHttpClient> logins = new ConcurrentHashMap<>();

  TenantKv(VaultConfig config, KubernetesClient client, Clock clock) {
    this.connection = VaultConnection.connect(config);
    this.config = config;
    this.client = client;
    this.clock = clock;
  }

  /** A KV v2 entry: its {@code data} and the version read. */
  record Entry(JsonNode data, long version) {}

  /** The entry, or empty when Vault has nothing (or only a deleted version) at the path. */
  Optional<Entry> read(String tenant, String namespace, KvSource kv) {
    return asTenant(tenant, namespace)
        .read(KvPaths.dataPath(tenant, kv))
        .filter(body -> body.path("data").isObject())
        .map(body -> new Entry(body.get("data"), body.path("metadata").path("version").asLong()));
  }

  /** Database credentials and their lease, as issued by {@code database/creds/...}. */
  record Credentials(String username, String password, DatabaseLeases.Lease lease) {}

  /** New credentials of the tenant's database role {@code role} (prefix added here). */
  Optional<Credentials> issue(String tenant, String namespace, DatabaseSource database) {
    return asTenant(tenant, namespace)
        .readResponse(DatabaseLeases.credsPath(tenant, database.getRole()))
        .filter(body -> body.path("data").isObject())
        .map(
            body ->
                new Credentials(
                    body.path("data").path("username").asText(),
                    body.path("data").path("password").asText(),
                    lease(body)));
  }

  /** Renews the lease (by its id in the URL, as the tenant's policy allows); Vault's new lease. */
  DatabaseLeases.Lease renew(String tenant, String namespace, String leaseId) {
    return lease(
        asTenant(tenant, namespace).writeResponse("sys/leases/renew/" + leaseId, Map.of()));
  }

  /** Revokes the lease: Vault drops the database user at once. */
  void revoke(String tenant, String namespace, String leaseId) {
    asTenant(tenant, namespace).writeResponse("sys/leases/revoke/" + leaseId, Map.of());
  }

  private static DatabaseLeases.Lease lease(JsonNode body) {
    return new DatabaseLeases.Lease(
        body.path("lease_id").asText(),
        Duration.ofSeconds(body.path("lease_duration").asLong()),
        body.path("renewable").asBoolean());
  }

  private VaultHttpClient asTenant(String tenant, String namespace) {
    return logins.computeIfAbsent(
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
          return vault;
        });
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
