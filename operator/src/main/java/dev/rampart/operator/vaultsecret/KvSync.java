package dev.rampart.operator.vaultsecret;

import dev.rampart.operator.api.vaultsecret.KvSource;
import dev.rampart.operator.api.vaultsecret.RolloutTarget;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretStatus;
import dev.rampart.operator.kubernetes.Children;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.model.vaultsecret.DesiredSecret;
import dev.rampart.operator.model.vaultsecret.KvPaths;
import dev.rampart.operator.model.vaultsecret.SecretData;
import dev.rampart.operator.model.vaultsecret.VaultSecretStatusModel;
import dev.rampart.operator.vault.TenantKv;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KV source: the destination Secret holds the entry's keys (mapped as the spec says), read as the
 * tenant, and the workloads restart when Vault's data changes.
 */
final class KvSync {

  private static final Logger log = LoggerFactory.getLogger(KvSync.class);

  private final TenantKv kv;
  private final DestinationSecrets destinations;
  private final RolloutRestarts restarts;
  private final byte[] hmacKey;

  KvSync(TenantKv kv, DestinationSecrets destinations, RolloutRestarts restarts, byte[] hmacKey) {
    this.kv = kv;
    this.destinations = destinations;
    this.restarts = restarts;
    this.hmacKey = hmacKey;
  }

  /** Brings the destination up to the entry; the status to show. */
  VaultSecretStatus sync(VaultSecret vs, String tenant, Context<VaultSecret> context, Instant now) {
    String namespace = vs.getMetadata().getNamespace();
    KvSource source = vs.getSpec().getSource().getKv();
    if (source == null || !KvPaths.isSafe(source.getPath())) {
      return VaultSecretStatusModel.failed(
          vs,
          VaultSecretStatusModel.VAULT_REFUSED,
          "source.kv.path must stay below tenants/" + tenant + "/",
          now);
    }
    String path = KvPaths.tenantPath(tenant, source);
    Optional<TenantKv.Entry> entry = kv.read(tenant, namespace, source);
    if (entry.isEmpty()) {
      return VaultSecretStatusModel.failed(
          vs,
          VaultSecretStatusModel.SECRET_NOT_FOUND,
          "Vault has no entry (or only a deleted version) at " + path,
          now);
    }
    SecretData.Mapped mapped =
        SecretData.mapKeys(
            SecretData.fromKv(entry.get().data()), vs.getSpec().getDestination().getKeys());
    if (!mapped.missingKeys().isEmpty()) {
      return VaultSecretStatusModel.failed(
          vs,
          VaultSecretStatusModel.SECRET_NOT_FOUND,
          "the Vault entry at " + path + " has no key(s) " + mapped.missingKeys(),
          now);
    }
    Secret desired = DesiredSecret.of(vs, mapped.data());
    String name = desired.getMetadata().getName();
    Secret before = destinations.current(vs, namespace, name).orElse(null);
    Children.Converged converged =
        destinations.converge(vs, desired, new ResourceWriter(context.getClient()));
    if (!converged.conflicts().isEmpty()) {
      return VaultSecretStatusModel.conflict(vs, name, now);
    }
    boolean dataWritten =
        converged.writes() > 0 && (before == null || DesiredSecret.dataDiffers(desired, before));
    if (dataWritten) {
      log.info(
          "vaultsecret {}/{}: wrote Secret {} (version {})",
          namespace,
          vs.getMetadata().getName(),
          name,
          entry.get().version());
    }
    // A restart only for new Vault data in a Secret that existed: not on creation, not for
    // repairing a hand edit (the KV version is then the one already synced).
    Long syncedVersion = vs.getStatus() == null ? null : vs.getStatus().getSecretVersion();
    if (dataWritten
        && before != null
        && syncedVersion != null
        && syncedVersion != entry.get().version()) {
      for (RolloutTarget target : vs.getSpec().getRolloutRestartTargets()) {
        restarts.request(namespace, target);
      }
    }
    return VaultSecretStatusModel.synced(
        vs, entry.get().version(), SecretData.hmac(hmacKey, mapped.data()), dataWritten, now);
  }
}
