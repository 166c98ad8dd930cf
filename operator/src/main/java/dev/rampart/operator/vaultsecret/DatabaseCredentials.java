package dev.rampart.operator.vaultsecret;

import dev.rampart.operator.api.vaultsecret.DatabaseSource;
import dev.rampart.operator.api.vaultsecret.LeaseStatus;
import dev.rampart.operator.api.vaultsecret.RolloutTarget;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretStatus;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.model.vaultsecret.DatabaseLeases;
import dev.rampart.operator.model.vaultsecret.DesiredSecret;
import dev.rampart.operator.model.vaultsecret.SecretData;
import dev.rampart.operator.model.vaultsecret.VaultSecretStatusModel;
import dev.rampart.operator.vault.TenantKv;
import dev.rampart.operator.vault.VaultConfig;
import dev.rampart.operator.vault.VaultException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of a database source's lease: credentials kept while their lease can be renewed,
 * replaced (Secret written, workloads restarted) when a renewal is refused or the role's max TTL is
 * near, and replaced too when the Secret no longer holds what Rampart wrote (deleted or edited by
 * hand); revoked when the VaultSecret goes. Replaced credentials are left to expire: the workloads
 * still use them until their restart.
 */
final class DatabaseCredentials {

  private static final Logger log = LoggerFactory.getLogger(DatabaseCredentials.class);

  /** The status to show and when to look again. */
  record Next(VaultSecretStatus status, Duration after) {}

  private final TenantKv kv;
  private final VaultConfig config;
  private final DestinationSecrets destinations;
  private final RolloutRestarts restarts;
  private final byte[] hmacKey;

  DatabaseCredentials(
      TenantKv kv,
      VaultConfig config,
      DestinationSecrets destinations,
      RolloutRestarts restarts,
      byte[] hmacKey) {
    this.kv = kv;
    this.config = config;
    this.destinations = destinations;
    this.restarts = restarts;
    this.hmacKey = hmacKey;
  }

  Next reconcile(VaultSecret vs, String tenant, Context<VaultSecret> context, Instant now) {
    DatabaseSource database = vs.getSpec().getSource().getDatabase();
    Duration retry = VaultSecretStatusModel.refreshInterval(vs.getSpec().getRefreshInterval());
    if (!DatabaseLeases.isSafeRole(database.getRole())) {
      return new Next(
          VaultSecretStatusModel.failed(
              vs,
              VaultSecretStatusModel.VAULT_REFUSED,
              "source.database.role must be a lower-case DNS label",
              now),
          retry);
    }
    String vaultRole = DatabaseLeases.vaultRole(tenant, database.getRole());
    ResourceWriter writer = new ResourceWriter(context.getClient());
    DestinationSecrets.Found<Secret> found =
        destinations.find(vs, DesiredSecret.of(vs, Map.of()), writer);
    if (found.foreign()) {
      return new Next(
          VaultSecretStatusModel.conflict(vs, vs.getSpec().getDestination().getName(), now), retry);
    }
    Secret current = found.current();
    VaultSecretStatus previous = vs.getStatus();
    LeaseStatus lease = previous == null ? null : previous.getLease();
    if (lease != null
        && current != null
        && !DatabaseLeases.expired(lease, now)
        && Objects.equals(
            previous.getDataHmac(), SecretData.hmac(hmacKey, SecretData.decoded(current)))) {
      // The Secret still holds the credentials of this lease: labels, type or owner repaired.
      destinations.converge(vs, DesiredSecret.of(vs, SecretData.decoded(current)), writer);
      Instant due = DatabaseLeases.nextActionAt(lease, config.leaseRenewFraction());
      if (now.isBefore(due)) {
        return new Next(
            VaultSecretStatusModel.credentials(
                vs, vaultRole, lease, previous.getDataHmac(), false, now),
            DatabaseLeases.delayUntil(due, now));
      }
      Optional<LeaseStatus> renewed = renew(vs, tenant, lease, now);
      if (renewed.isPresent() && !DatabaseLeases.nearEnd(renewed.get(), now)) {
        log.info(
            "vaultsecret {}/{}: renewed its lease",
            vs.getMetadata().getNamespace(),
            vs.getMetadata().getName());
        return new Next(
            VaultSecretStatusModel.credentials(
                vs, vaultRole, renewed.get(), previous.getDataHmac(), false, now),
            DatabaseLeases.delayUntil(
                DatabaseLeases.nextActionAt(renewed.get(), config.leaseRenewFraction()), now));
      }
    }
    return issue(vs, tenant, vaultRole, current, context, now);
  }

  /**
   * The renewed lease, or empty when Vault refuses (expired, revoked, not renewable) or the lease
   * has no owner token Rampart can renew (issued by an earlier version).
   */
  private Optional<LeaseStatus> renew(
      VaultSecret vs, String tenant, LeaseStatus lease, Instant now) {
    if (lease.getOwnerTokenAccessor() == null) {
      return Optional.empty();
    }
    try {
      // The owner first: when it is gone, so is the lease.
      Duration ownerTtl = kv.renewOwner(lease.getOwnerTokenAccessor());
      DatabaseLeases.Lease renewal =
          kv.renew(tenant, vs.getMetadata().getNamespace(), lease.getId());
      return Optional.of(DatabaseLeases.renewed(lease, renewal, ownerTtl, now));
    } catch (VaultException e) {
      if (e.unavailable()) {
        throw e;
      }
      log.info(
          "vaultsecret {}/{}: Vault refused to renew the lease ({}); issuing new credentials",
          vs.getMetadata().getNamespace(),
          vs.getMetadata().getName(),
          e.getMessage());
      return Optional.empty();
    }
  }

  private Next issue(
      VaultSecret vs,
      String tenant,
      String vaultRole,
      Secret current,
      Context<VaultSecret> context,
      Instant now) {
    String namespace = vs.getMetadata().getNamespace();
    Duration retry = VaultSecretStatusModel.refreshInterval(vs.getSpec().getRefreshInterval());
    Optional<TenantKv.Credentials> issued =
        kv.issue(tenant, namespace, vs.getSpec().getSource().getDatabase());
    if (issued.isEmpty()) {
      return new Next(
          VaultSecretStatusModel.failed(
              vs,
              VaultSecretStatusModel.SECRET_NOT_FOUND,
              "Vault has no database role " + vaultRole,
              now),
          retry);
    }
    TenantKv.Credentials credentials = issued.get();
    SecretData.Mapped mapped =
        SecretData.mapKeys(
            Map.of("username", credentials.username(), "password", credentials.password()),
            vs.getSpec().getDestination().getKeys());
    if (!mapped.missingKeys().isEmpty()) {
      kv.revoke(tenant, namespace, credentials.lease().id()); // unused: do not leave it behind
      return new Next(
          VaultSecretStatusModel.failed(
              vs,
              VaultSecretStatusModel.SECRET_NOT_FOUND,
              "database credentials have only the keys username and password, not "
                  + mapped.missingKeys(),
              now),
          retry);
    }
    // The destination was found to be ours above, so this writes it.
    destinations.converge(
        vs, DesiredSecret.of(vs, mapped.data()), new ResourceWriter(context.getClient()));
    log.info(
        "vaultsecret {}/{}: wrote new credentials of {} to Secret {}",
        namespace,
        vs.getMetadata().getName(),
        vaultRole,
        vs.getSpec().getDestination().getName());
    // Restart only workloads that had credentials before (not on creation).
    if (current != null && vs.getStatus() != null && vs.getStatus().getLease() != null) {
      for (RolloutTarget target : vs.getSpec().getRolloutRestartTargets()) {
        restarts.request(namespace, target);
      }
    }
    LeaseStatus lease = DatabaseLeases.issued(credentials.lease(), credentials.owner(), now);
    // A renewable lease is renewed then; one that is not gets new credentials then (renewal is
    // refused), so either way the next step is at two thirds of its TTL.
    return new Next(
        VaultSecretStatusModel.credentials(
            vs, vaultRole, lease, SecretData.hmac(hmacKey, mapped.data()), true, now),
        DatabaseLeases.delayUntil(
            DatabaseLeases.nextActionAt(lease, config.leaseRenewFraction()), now));
  }

  /**
   * Revokes the lease of the credentials, so that Vault drops the database user at once. The lease
   * id comes from status and is revoked with the tenant's own token: its policy only allows the
   * tenant's own leases, so a lease id written into status by hand cannot reach another tenant's.
   *
   * @return false while Vault is unavailable (retry), true when done or nothing can be done
   */
  boolean revoke(VaultSecret vs, String tenant, LeaseStatus lease) {
    String namespace = vs.getMetadata().getNamespace();
    try {
      kv.revoke(tenant, namespace, lease.getId());
      log.info("vaultsecret {}/{}: revoked its lease", namespace, vs.getMetadata().getName());
    } catch (VaultException e) {
      if (e.unavailable()) {
        return false;
      }
      log.warn(
          "vaultsecret {}/{}: could not revoke its lease ({}); it expires by itself",
          namespace,
          vs.getMetadata().getName(),
          e.getMessage());
    } catch (KubernetesClientException e) {
      // No service account token for the namespace (e.g. it is being deleted): never block.
      log.warn(
          "vaultsecret {}/{}: could not log in as the tenant (HTTP {}); the lease expires by"
              + " itself",
          namespace,
          vs.getMetadata().getName(),
          e.getCode());
    }
    return true;
  }
}
