package dev.rampart.operator.vaultsecret;

import dev.rampart.operator.api.vaultsecret.RolloutTarget;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretStatus;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import dev.rampart.operator.model.vaultsecret.DesiredSecret;
import dev.rampart.operator.model.vaultsecret.KvPaths;
import dev.rampart.operator.model.vaultsecret.SecretData;
import dev.rampart.operator.model.vaultsecret.VaultSecretStatusModel;
import dev.rampart.operator.vault.VaultConfig;
import dev.rampart.operator.vault.VaultException;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each VaultSecret's destination Secret equal to its KV entry, read as the tenant. Not
 * generation-aware, so that a new {@code rampart.dev/force-sync} annotation (which does not bump
 * the generation) reads Vault at once; a steady state still writes nothing. Deletion needs no code:
 * the Secret names the VaultSecret as controller owner.
 */
@ControllerConfiguration(name = "vaultsecret", generationAwareEventProcessing = false)
public class VaultSecretReconciler implements Reconciler<VaultSecret> {

  private static final Logger log = LoggerFactory.getLogger(VaultSecretReconciler.class);

  /** Keys the HMAC in status: random per operator process, held in memory only. */
  private final byte[] hmacKey = new byte[32];

  private final Clock clock;
  private final VaultConfig config;
  private TenantKv kv;
  private RolloutRestarts restarts;
  private InformerEventSource<Secret, VaultSecret> secrets;

  public VaultSecretReconciler(Clock clock, VaultConfig config) {
    this.clock = clock;
    this.config = config;
    new SecureRandom().nextBytes(hmacKey);
  }

  @Override
  public List<EventSource<?, VaultSecret>> prepareEventSources(
      EventSourceContext<VaultSecret> context) {
    KubernetesClient client = context.getClient();
    kv = new TenantKv(config, client, clock);
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
    return List.of(secrets);
  }

  @Override
  public UpdateControl<VaultSecret> reconcile(VaultSecret vs, Context<VaultSecret> context) {
    Instant now = clock.instant();
    String namespace = vs.getMetadata().getNamespace();
    Duration refresh = VaultSecretStatusModel.refreshInterval(vs.getSpec().getRefreshInterval());
    Optional<String> tenant = tenantOf(context.getClient(), namespace);
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
    if (!KvPaths.isSafe(vs.getSpec().getSource().getKv().getPath())) {
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

  /** Secrets this VaultSecret wrote under an earlier destination.name. */
  private static void pruneOldDestinations(
      VaultSecret vs, Secret desired, Context<VaultSecret> context) {
    context
        .getSecondaryResourcesAsStream(Secret.class)
        .filter(s -> !desired.getMetadata().getName().equals(s.getMetadata().getName()))
        .filter(s -> Owners.isControlledBy(s, vs))
        .forEach(stale -> new ResourceWriter(context.getClient()).delete(stale));
  }

  private static Optional<String> tenantOf(KubernetesClient client, String namespace) {
    Namespace ns = client.namespaces().withName(namespace).get();
    return Optional.ofNullable(ns)
        .map(n -> n.getMetadata().getLabels())
        .map(labels -> labels.get(Labels.TENANT))
        .filter(t -> !t.isBlank());
  }

  @Override
  public ErrorStatusUpdateControl<VaultSecret> updateErrorStatus(
      VaultSecret vs, Context<VaultSecret> context, Exception e) {
    // Kubernetes' own message (e.g. a Secret key the API server refuses) names fields, not values.
    String message =
        e instanceof KubernetesClientException k && k.getStatus() != null
            ? k.getStatus().getMessage()
            : e.getClass().getSimpleName();
    VaultSecretStatus failed =
        VaultSecretStatusModel.failed(vs, "SyncFailed", message, clock.instant());
    if (Objects.equals(failed, vs.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    vs.setStatus(failed);
    vs.getMetadata().setResourceVersion(null);
    return ErrorStatusUpdateControl.patchStatus(vs);
  }

  private static UpdateControl<VaultSecret> withStatus(VaultSecret vs, VaultSecretStatus next) {
    if (Objects.equals(next, vs.getStatus())) {
      return UpdateControl.noUpdate();
    }
    vs.setStatus(next);
    // The reconciler is the status' only writer and runs one at a time per VaultSecret.
    vs.getMetadata().setResourceVersion(null);
    return UpdateControl.patchStatus(vs);
  }
}
