package dev.rampart.operator.vaultsecret;

import dev.rampart.operator.api.vaultsecret.DatabaseSource;
import dev.rampart.operator.api.vaultsecret.LeaseStatus;
import dev.rampart.operator.api.vaultsecret.RolloutTarget;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretStatus;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.kubernetes.StatusPatches;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import dev.rampart.operator.model.vaultsecret.DatabaseLeases;
import dev.rampart.operator.model.vaultsecret.DesiredSecret;
import dev.rampart.operator.model.vaultsecret.KvPaths;
import dev.rampart.operator.model.vaultsecret.SecretData;
import dev.rampart.operator.model.vaultsecret.VaultSecretStatusModel;
import dev.rampart.operator.vault.Vault;
import dev.rampart.operator.vault.VaultConfig;
import dev.rampart.operator.vault.VaultException;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each VaultSecret's destination Secret equal to its KV entry, or holding live database
 * credentials, read as the tenant. Not generation-aware, so that a new {@code
 * rampart.dev/force-sync} annotation (which does not bump the generation) reads Vault at once; a
 * steady state still writes nothing. The Secret names the VaultSecret as controller owner, so the
 * garbage collector deletes it; the finalizer (JOSDK puts it on every VaultSecret, it cannot be
 * limited to database sources) revokes database leases and is removed at once for KV sources.
 */
@ControllerConfiguration(name = "vaultsecret", generationAwareEventProcessing = false)
public class VaultSecretReconciler implements Reconciler<VaultSecret>, Cleaner<VaultSecret> {

  private static final Logger log = LoggerFactory.getLogger(VaultSecretReconciler.class);

  private final Clock clock;
  private final Vault vault;
  private final VaultConfig config;
  private final String operatorNamespace;

  /** Keys the HMAC in status; see {@link StatusHmacKey}. */
  private byte[] hmacKey;

  private TenantKv kv;
  private RolloutRestarts restarts;
  private InformerEventSource<Secret, VaultSecret> secrets;
  private InformerEventSource<Namespace, VaultSecret> tenantNamespaces;

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
  }

  @Override
  public List<EventSource<?, VaultSecret>> prepareEventSources(
      EventSourceContext<VaultSecret> context) {
    KubernetesClient client = context.getClient();
    hmacKey = StatusHmacKey.load(client, operatorNamespace);
    kv = new TenantKv(vault, config, client, clock);
    restarts = new RolloutRestarts(client, clock);
    // Destination Secrets, so that an edit or deletion by hand is repaired at once.
    secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, VaultSecret.class)
                .withName("destination-secrets")
                .withLabelSelector(
                    VaultSecret.LABEL + "," + Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_RAMPART)
                .withSecondaryToPrimaryMapper(
                    secret ->
                        Set.of(
                            new ResourceID(
                                secret.getMetadata().getLabels().get(VaultSecret.LABEL),
                                secret.getMetadata().getNamespace())))
                .build(),
            context);
    // Which tenant each namespace belongs to, read from a cache rather than a GET per reconcile.
    // A namespace changing hands wakes nothing; its VaultSecrets see it at their next refresh.
    tenantNamespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, VaultSecret.class)
                .withName("tenant-namespaces")
                .withLabelSelector(Labels.TENANT)
                .withSecondaryToPrimaryMapper(namespace -> Set.of())
                .build(),
            context);
    return List.of(secrets, tenantNamespaces);
  }

  @Override
  public UpdateControl<VaultSecret> reconcile(VaultSecret vs, Context<VaultSecret> context) {
    Instant now = clock.instant();
    String namespace = vs.getMetadata().getNamespace();
    Duration refresh = VaultSecretStatusModel.refreshInterval(vs.getSpec().getRefreshInterval());
    Optional<String> tenant = tenantOf(namespace);
    if (tenant.isEmpty()) {
      return withStatus(
              vs,
              VaultSecretStatusModel.failed(
                  vs,
                  VaultSecretStatusModel.NOT_IN_A_TENANT,
                  "namespace "
                      + namespace
                      + " has no rampart.dev/tenant label; only tenant namespaces can read Vault",
                  now))
          .rescheduleAfter(refresh);
    }
    if (vs.getSpec().getSource().getDatabase() != null) {
      return reconcileDatabase(vs, tenant.get(), context, now);
    }
    if (vs.getSpec().getSource().getKv() == null
        || !KvPaths.isSafe(vs.getSpec().getSource().getKv().getPath())) {
      return withStatus(
              vs,
              VaultSecretStatusModel.failed(
                  vs,
                  VaultSecretStatusModel.VAULT_REFUSED,
                  "source.kv.path must stay below tenants/" + tenant.get() + "/",
                  now))
          .rescheduleAfter(refresh);
    }
    VaultSecretStatus next;
    try {
      next = sync(vs, tenant.get(), context, now);
    } catch (VaultException e) {
      String reason =
          e.unavailable()
              ? VaultSecretStatusModel.VAULT_UNAVAILABLE
              : VaultSecretStatusModel.VAULT_REFUSED;
      log.warn("vaultsecret {}/{}: {}", namespace, vs.getMetadata().getName(), e.getMessage());
      next = VaultSecretStatusModel.failed(vs, reason, e.getMessage(), now);
    }
    return withStatus(vs, next).rescheduleAfter(refresh);
  }

  private VaultSecretStatus sync(
      VaultSecret vs, String tenant, Context<VaultSecret> context, Instant now) {
    String namespace = vs.getMetadata().getNamespace();
    String path = "tenants/" + tenant + "/" + vs.getSpec().getSource().getKv().getPath();
    Optional<TenantKv.Entry> entry = kv.read(tenant, namespace, vs.getSpec().getSource().getKv());
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
    Secret current =
        context
            .getSecondaryResourcesAsStream(Secret.class)
            .filter(s -> desired.getMetadata().getName().equals(s.getMetadata().getName()))
            .findFirst()
            .orElse(null);
    if (current == null) {
      Secret existing =
          context
              .getClient()
              .secrets()
              .inNamespace(namespace)
              .withName(desired.getMetadata().getName())
              .get();
      if (existing != null && !Owners.isControlledBy(existing, vs)) {
        return VaultSecretStatusModel.failed(
            vs,
            VaultSecretStatusModel.SECRET_CONFLICT,
            "Secret "
                + desired.getMetadata().getName()
                + " exists and does not belong to this VaultSecret; Rampart leaves it untouched."
                + " Choose another destination.name or delete that Secret.",
            now);
      }
      current = existing;
    }
    boolean dataWritten = false;
    if (!DesiredSecret.matches(desired, current)) {
      dataWritten = current == null || DesiredSecret.dataDiffers(desired, current);
      Secret applied = new ResourceWriter(context.getClient()).apply(desired);
      // Our own write: the informer must not wake the reconciler for it.
      if (current == null) {
        secrets.handleRecentResourceCreate(ResourceID.fromResource(vs), applied);
      } else {
        secrets.handleRecentResourceUpdate(ResourceID.fromResource(vs), applied, current);
      }
      log.info(
          "vaultsecret {}/{}: wrote Secret {} (version {})",
          namespace,
          vs.getMetadata().getName(),
          desired.getMetadata().getName(),
          entry.get().version());
    }
    pruneOldDestinations(vs, desired, context);
    // A restart only for new Vault data in a Secret that existed: not on creation, not for
    // repairing a hand edit (the KV version is then the one already synced).
    Long syncedVersion = vs.getStatus() == null ? null : vs.getStatus().getSecretVersion();
    if (dataWritten
        && current != null
        && syncedVersion != null
        && syncedVersion != entry.get().version()) {
      for (RolloutTarget target : vs.getSpec().getRolloutRestartTargets()) {
        restarts.request(namespace, target);
      }
    }
    return VaultSecretStatusModel.synced(
        vs, entry.get().version(), SecretData.hmac(hmacKey, mapped.data()), dataWritten, now);
  }

  /**
   * Database credentials: kept while their lease can be renewed, replaced (Secret written,
   * workloads restarted) when a renewal is refused or the role's max TTL is near, and replaced too
   * when the Secret no longer holds what Rampart wrote (deleted or edited by hand). Replaced
   * credentials are left to expire: the workloads still use them until their restart.
   */
  private UpdateControl<VaultSecret> reconcileDatabase(
      VaultSecret vs, String tenant, Context<VaultSecret> context, Instant now) {
    String namespace = vs.getMetadata().getNamespace();
    DatabaseSource database = vs.getSpec().getSource().getDatabase();
    Duration retry = VaultSecretStatusModel.refreshInterval(vs.getSpec().getRefreshInterval());
    if (!DatabaseLeases.isSafeRole(database.getRole())) {
      return withStatus(
              vs,
              VaultSecretStatusModel.failed(
                  vs,
                  VaultSecretStatusModel.VAULT_REFUSED,
                  "source.database.role must be a lower-case DNS label",
                  now))
          .rescheduleAfter(retry);
    }
    String vaultRole = "tenant-" + tenant + "-" + database.getRole();
    String secretName = vs.getSpec().getDestination().getName();
    Secret current = destination(vs, secretName, context);
    if (current != null && !Owners.isControlledBy(current, vs)) {
      return withStatus(vs, conflict(vs, secretName, now)).rescheduleAfter(retry);
    }
    VaultSecretStatus previous = vs.getStatus();
    LeaseStatus lease = previous == null ? null : previous.getLease();
    try {
      if (lease != null
          && current != null
          && !DatabaseLeases.expired(lease, now)
          && Objects.equals(
              previous.getDataHmac(), SecretData.hmac(hmacKey, decodedData(current)))) {
        // The Secret still holds the credentials of this lease.
        Map<String, String> data = decodedData(current);
        Secret desired = DesiredSecret.of(vs, data);
        if (!DesiredSecret.matches(desired, current)) {
          apply(vs, desired, current, context); // labels, type or owner repaired
        }
        pruneOldDestinations(vs, desired, context);
        Instant due = DatabaseLeases.nextActionAt(lease, config.leaseRenewFraction());
        if (now.isBefore(due)) {
          return withStatus(
                  vs,
                  VaultSecretStatusModel.credentials(
                      vs, vaultRole, lease, previous.getDataHmac(), false, now))
              .rescheduleAfter(DatabaseLeases.delayUntil(due, now));
        }
        Optional<LeaseStatus> renewed = renew(vs, tenant, lease, now);
        if (renewed.isPresent() && !DatabaseLeases.nearEnd(renewed.get(), now)) {
          log.info("vaultsecret {}/{}: renewed its lease", namespace, vs.getMetadata().getName());
          return withStatus(
                  vs,
                  VaultSecretStatusModel.credentials(
                      vs, vaultRole, renewed.get(), previous.getDataHmac(), false, now))
              .rescheduleAfter(
                  DatabaseLeases.delayUntil(
                      DatabaseLeases.nextActionAt(renewed.get(), config.leaseRenewFraction()),
                      now));
        }
      }
      return issue(vs, tenant, vaultRole, current, context, now);
    } catch (VaultException e) {
      String reason =
          e.unavailable()
              ? VaultSecretStatusModel.VAULT_UNAVAILABLE
              : VaultSecretStatusModel.VAULT_REFUSED;
      log.warn("vaultsecret {}/{}: {}", namespace, vs.getMetadata().getName(), e.getMessage());
      return withStatus(vs, VaultSecretStatusModel.failed(vs, reason, e.getMessage(), now))
          .rescheduleAfter(retry);
    }
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

  private UpdateControl<VaultSecret> issue(
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
      return withStatus(
              vs,
              VaultSecretStatusModel.failed(
                  vs,
                  VaultSecretStatusModel.SECRET_NOT_FOUND,
                  "Vault has no database role " + vaultRole,
                  now))
          .rescheduleAfter(retry);
    }
    TenantKv.Credentials credentials = issued.get();
    SecretData.Mapped mapped =
        SecretData.mapKeys(
            Map.of("username", credentials.username(), "password", credentials.password()),
            vs.getSpec().getDestination().getKeys());
    if (!mapped.missingKeys().isEmpty()) {
      kv.revoke(tenant, namespace, credentials.lease().id()); // unused: do not leave it behind
      return withStatus(
              vs,
              VaultSecretStatusModel.failed(
                  vs,
                  VaultSecretStatusModel.SECRET_NOT_FOUND,
                  "database credentials have only the keys username and password, not "
                      + mapped.missingKeys(),
                  now))
          .rescheduleAfter(retry);
    }
    Secret desired = DesiredSecret.of(vs, mapped.data());
    apply(vs, desired, current, context);
    pruneOldDestinations(vs, desired, context);
    log.info(
        "vaultsecret {}/{}: wrote new credentials of {} to Secret {}",
        namespace,
        vs.getMetadata().getName(),
        vaultRole,
        desired.getMetadata().getName());
    // Restart only workloads that had credentials before (not on creation).
    if (current != null && vs.getStatus() != null && vs.getStatus().getLease() != null) {
      for (RolloutTarget target : vs.getSpec().getRolloutRestartTargets()) {
        restarts.request(namespace, target);
      }
    }
    LeaseStatus lease = DatabaseLeases.issued(credentials.lease(), credentials.owner(), now);
    // A renewable lease is renewed then; one that is not gets new credentials then (renewal is
    // refused), so either way the next step is at two thirds of its TTL.
    Duration next =
        DatabaseLeases.delayUntil(
            DatabaseLeases.nextActionAt(lease, config.leaseRenewFraction()), now);
    return withStatus(
            vs,
            VaultSecretStatusModel.credentials(
                vs, vaultRole, lease, SecretData.hmac(hmacKey, mapped.data()), true, now))
        .rescheduleAfter(next);
  }

  /**
   * Revokes the lease of a database source's credentials, so that Vault drops the database user at
   * once; KV sources have nothing to clean up. The lease id comes from status, which is revoked
   * with the tenant's own token: its policy only allows the tenant's own leases, so a lease id
   * written into status by hand cannot reach another tenant's.
   */
  @Override
  public DeleteControl cleanup(VaultSecret vs, Context<VaultSecret> context) {
    LeaseStatus lease = vs.getStatus() == null ? null : vs.getStatus().getLease();
    if (vs.getSpec().getSource().getDatabase() == null
        || lease == null
        || lease.getId() == null
        || DatabaseLeases.expired(lease, clock.instant())) {
      return DeleteControl.defaultDelete();
    }
    String namespace = vs.getMetadata().getNamespace();
    Optional<String> tenant = tenantOf(namespace);
    if (tenant.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    try {
      kv.revoke(tenant.get(), namespace, lease.getId());
      log.info("vaultsecret {}/{}: revoked its lease", namespace, vs.getMetadata().getName());
    } catch (VaultException e) {
      if (e.unavailable()) {
        // Retried until Vault is back or the lease has expired by itself.
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(5));
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
    return DeleteControl.defaultDelete();
  }

  private Secret destination(VaultSecret vs, String name, Context<VaultSecret> context) {
    return context
        .getSecondaryResourcesAsStream(Secret.class)
        .filter(s -> name.equals(s.getMetadata().getName()))
        .findFirst()
        .orElseGet(
            () ->
                context
                    .getClient()
                    .secrets()
                    .inNamespace(vs.getMetadata().getNamespace())
                    .withName(name)
                    .get());
  }

  private void apply(VaultSecret vs, Secret desired, Secret current, Context<VaultSecret> context) {
    Secret applied = new ResourceWriter(context.getClient()).apply(desired);
    // Our own write: the informer must not wake the reconciler for it.
    if (current == null) {
      secrets.handleRecentResourceCreate(ResourceID.fromResource(vs), applied);
    } else {
      secrets.handleRecentResourceUpdate(ResourceID.fromResource(vs), applied, current);
    }
  }

  private static VaultSecretStatus conflict(VaultSecret vs, String name, Instant now) {
    return VaultSecretStatusModel.failed(
        vs,
        VaultSecretStatusModel.SECRET_CONFLICT,
        "Secret "
            + name
            + " exists and does not belong to this VaultSecret; Rampart leaves it untouched."
            + " Choose another destination.name or delete that Secret.",
        now);
  }

  private static Map<String, String> decodedData(Secret secret) {
    Map<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return data;
  }

  /** Secrets this VaultSecret wrote under an earlier destination.name. */
  private static void pruneOldDestinations(
      VaultSecret vs, Secret desired, Context<VaultSecret> context) {
    context
        .getSecondaryResourcesAsStream(Secret.class)
        .filter(s -> !desired.getMetadata().getName().equals(s.getMetadata().getName()))
        .filter(s -> Owners.isControlledBy(s, vs))
        .forEach(stale -> new ResourceWriter(context.getClient()).delete(stale));
  }

  private Optional<String> tenantOf(String namespace) {
    return tenantNamespaces
        .get(new ResourceID(namespace))
        .map(n -> n.getMetadata().getLabels())
        .map(labels -> labels.get(Labels.TENANT))
        .filter(t -> !t.isBlank());
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
