package dev.rampart.operator.vaultsecret;

import dev.rampart.operator.api.vaultsecret.LeaseStatus;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretStatus;
import dev.rampart.operator.kubernetes.NamespaceTenants;
import dev.rampart.operator.kubernetes.StatusPatches;
import dev.rampart.operator.model.TenantNamespaces;
import dev.rampart.operator.model.vaultsecret.DatabaseLeases;
import dev.rampart.operator.model.vaultsecret.VaultSecretStatusModel;
import dev.rampart.operator.vault.TenantKv;
import dev.rampart.operator.vault.Vault;
import dev.rampart.operator.vault.VaultConfig;
import dev.rampart.operator.vault.VaultException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each VaultSecret's destination Secret equal to its KV entry ({@link KvSync}), or holding
 * live database credentials ({@link DatabaseCredentials}), read as the tenant. Not
 * generation-aware, so that a new {@code rampart.dev/force-sync} annotation (which does not bump
 * the generation) reads Vault at once; a steady state still writes nothing. The Secret names the
 * VaultSecret as controller owner, so the garbage collector deletes it; the finalizer (JOSDK puts
 * it on every VaultSecret, it cannot be limited to database sources) revokes database leases and is
 * removed at once for KV sources.
 */
@ControllerConfiguration(name = "vaultsecret", generationAwareEventProcessing = false)
public class VaultSecretReconciler implements Reconciler<VaultSecret>, Cleaner<VaultSecret> {

  private static final Logger log = LoggerFactory.getLogger(VaultSecretReconciler.class);

  /** How soon a VaultSecret waiting for Rampart's access to its namespace is looked at again. */
  private static final Duration ACCESS_RETRY = Duration.ofSeconds(5);

  private final Clock clock;
  private final Vault vault;
  private final VaultConfig config;
  private final String operatorNamespace;
  private final DestinationSecrets destinations = new DestinationSecrets();
  private final NamespaceTenants<VaultSecret> tenantNamespaces = new NamespaceTenants<>();
  private KvSync kvSync;
  private DatabaseCredentials databaseCredentials;

  /**
   * {@code vault} is Rampart's own client: it only renews the tokens that own leases. The status
   * HMAC key lives in {@code operatorNamespace}.
   */
  public VaultSecretReconciler(
      Clock clock, Vault vault, VaultConfig config, String operatorNamespace) {
    this.clock = clock;
    this.vault = vault;
    this.config = config;
    this.operatorNamespace = operatorNamespace;
    destinations.watchPerNamespace(operatorNamespace);
  }

  @Override
  public List<EventSource<?, VaultSecret>> prepareEventSources(
      EventSourceContext<VaultSecret> context) {
    KubernetesClient client = context.getClient();
    byte[] hmacKey = StatusHmacKey.load(client, operatorNamespace);
    TenantKv kv = new TenantKv(vault, config, client, clock);
    RolloutRestarts restarts = new RolloutRestarts(client, clock);
    kvSync = new KvSync(kv, destinations, restarts, hmacKey);
    databaseCredentials = new DatabaseCredentials(kv, config, destinations, restarts, hmacKey);
    // Destination Secrets are watched, so that an edit or deletion by hand is repaired at once.
    return List.of(destinations.eventSource(context), tenantNamespaces.eventSource(context));
  }

  @Override
  public UpdateControl<VaultSecret> reconcile(VaultSecret vs, Context<VaultSecret> context) {
    Instant now = clock.instant();
    String namespace = vs.getMetadata().getNamespace();
    Duration refresh = VaultSecretStatusModel.refreshInterval(vs.getSpec().getRefreshInterval());
    Optional<String> tenant = tenantNamespaces.tenantOf(namespace);
    if (tenant.isEmpty()) {
      return withStatus(
              vs,
              VaultSecretStatusModel.failed(
                  vs,
                  VaultSecretStatusModel.NOT_IN_A_TENANT,
                  "namespace "
                      + namespace
                      + " is not a tenant namespace (one Rampart created for a Tenant); only"
                      + " tenant namespaces can read Vault",
                  now))
          .rescheduleAfter(refresh);
    }
    if (!tenantNamespaces.watchServed(namespace, context, List.of(destinations))) {
      return withStatus(
              vs,
              VaultSecretStatusModel.failed(
                  vs,
                  TenantNamespaces.ACCESS_PENDING,
                  TenantNamespaces.accessPending(namespace),
                  now))
          .rescheduleAfter(ACCESS_RETRY);
    }
    try {
      if (vs.getSpec().getSource().getDatabase() != null) {
        DatabaseCredentials.Next next =
            databaseCredentials.reconcile(vs, tenant.get(), context, now);
        return withStatus(vs, next.status()).rescheduleAfter(next.after());
      }
      return withStatus(vs, kvSync.sync(vs, tenant.get(), context, now)).rescheduleAfter(refresh);
    } catch (VaultException e) {
      String reason =
          e.unavailable()
              ? VaultSecretStatusModel.VAULT_UNAVAILABLE
              : VaultSecretStatusModel.VAULT_REFUSED;
      log.warn("vaultsecret {}/{}: {}", namespace, vs.getMetadata().getName(), e.getMessage());
      return withStatus(vs, VaultSecretStatusModel.failed(vs, reason, e.getMessage(), now))
          .rescheduleAfter(refresh);
    }
  }

  /** Database sources' leases are revoked; KV sources have nothing to clean up. */
  @Override
  public DeleteControl cleanup(VaultSecret vs, Context<VaultSecret> context) {
    LeaseStatus lease = vs.getStatus() == null ? null : vs.getStatus().getLease();
    if (vs.getSpec().getSource().getDatabase() == null
        || lease == null
        || lease.getId() == null
        || DatabaseLeases.expired(lease, clock.instant())) {
      return DeleteControl.defaultDelete();
    }
    Optional<String> tenant = tenantNamespaces.tenantOf(vs.getMetadata().getNamespace());
    if (tenant.isPresent() && !databaseCredentials.revoke(vs, tenant.get(), lease)) {
      // Retried until Vault is back or the lease has expired by itself.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(5));
    }
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<VaultSecret> updateErrorStatus(
      VaultSecret vs, Context<VaultSecret> context, Exception e) {
    return StatusPatches.patchErrorIfChanged(
        vs,
        VaultSecretStatusModel.failed(
            vs, "SyncFailed", StatusPatches.failureMessage(e), clock.instant()));
  }

  private static UpdateControl<VaultSecret> withStatus(VaultSecret vs, VaultSecretStatus next) {
    return StatusPatches.patchIfChanged(vs, next);
  }
}
