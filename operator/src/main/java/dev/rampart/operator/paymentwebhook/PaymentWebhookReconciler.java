package dev.rampart.operator.paymentwebhook;

import static java.util.stream.Collectors.joining;

import dev.rampart.operator.api.auth.OidcClient;
import dev.rampart.operator.api.paymentwebhook.AdminAuthorization;
import dev.rampart.operator.api.paymentwebhook.Ledger;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhookStatus;
import dev.rampart.operator.api.paymentwebhook.SecretKeyRef;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.kubernetes.Children;
import dev.rampart.operator.kubernetes.DeclaredChildren;
import dev.rampart.operator.kubernetes.NamespaceTenants;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.kubernetes.StatusPatches;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.TenantNamespaces;
import dev.rampart.operator.model.paymentwebhook.Gateway;
import dev.rampart.operator.model.paymentwebhook.GatewayConfig;
import dev.rampart.operator.model.paymentwebhook.GatewayDeployment;
import dev.rampart.operator.model.paymentwebhook.GatewayNames;
import dev.rampart.operator.model.paymentwebhook.GatewayNetworkPolicy;
import dev.rampart.operator.model.paymentwebhook.GatewayNetworkPolicy.ForwardTarget;
import dev.rampart.operator.model.paymentwebhook.GatewaySecrets;
import dev.rampart.operator.model.paymentwebhook.GatewayService;
import dev.rampart.operator.model.paymentwebhook.PathClaims;
import dev.rampart.operator.model.paymentwebhook.PaymentWebhookStatusModel;
import dev.rampart.operator.model.paymentwebhook.SigningRotation;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.policy.PolicyDecisionPoint;
import dev.rampart.operator.model.vaultsecret.DatabaseLeases;
import dev.rampart.operator.vault.TenantKv;
import dev.rampart.operator.vault.Vault;
import dev.rampart.operator.vault.VaultConfig;
import dev.rampart.operator.vault.VaultException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions a billing gateway for each PaymentWebhook in a tenant namespace: its configuration,
 * Secrets, Deployment, Service and NetworkPolicy, all owned by the PaymentWebhook (the garbage
 * collector removes them with it) and written only where they differ. Not generation-aware, so that
 * the rotation annotation (which does not bump the generation) acts at once. Sources of secrets
 * (Vault, the tenant's Secrets, the forward Service) are not watched: they are read again every
 * {@link #RESYNC}, and whenever the PaymentWebhook or anything of its gateway changes.
 */
@ControllerConfiguration(name = "paymentwebhook", generationAwareEventProcessing = false)
public class PaymentWebhookReconciler implements Reconciler<PaymentWebhook> {

  private static final Logger log = LoggerFactory.getLogger(PaymentWebhookReconciler.class);

  static final Duration RESYNC = Duration.ofSeconds(60);

  /** How soon a PaymentWebhook that could not be provisioned is looked at again. */
  static final Duration RETRY = Duration.ofSeconds(15);

  private final Clock clock;
  private final String image;
  private final Optional<Vault> vault;
  private final Optional<VaultConfig> vaultConfig;
  private final SecureRandom random = new SecureRandom();
  private final DeclaredChildren<PaymentWebhook, Gateway, Secret> secrets =
      gatewayChildren(Secret.class, GatewaySecrets::desired);
  private final DeclaredChildren<PaymentWebhook, Gateway, ConfigMap> configMaps =
      gatewayChildren(ConfigMap.class, g -> List.of(GatewayConfig.configMap(g)));
  private final DeclaredChildren<PaymentWebhook, Gateway, Service> services =
      gatewayChildren(Service.class, g -> List.of(GatewayService.of(g)));
  private final DeclaredChildren<PaymentWebhook, Gateway, NetworkPolicy> networkPolicies =
      gatewayChildren(NetworkPolicy.class, g -> List.of(GatewayNetworkPolicy.of(g)));
  private final DeclaredChildren<PaymentWebhook, Gateway, Deployment> deployments =
      gatewayChildren(Deployment.class, g -> List.of(GatewayDeployment.of(g)));

  /** In the order they are written: the Deployment last, so new pods find all they mount. */
  private final List<DeclaredChildren<PaymentWebhook, Gateway, ?>> children =
      List.of(secrets, configMaps, services, networkPolicies, deployments);

  /** The kinds Rampart may read only in tenant namespaces (its RBAC), so watched there alone. */
  private final List<DeclaredChildren<PaymentWebhook, Gateway, ?>> inTenantNamespacesOnly =
      List.of(secrets, configMaps, services, deployments);

  private SigningSources sources;
  private final NamespaceTenants<PaymentWebhook> tenantNamespaces = new NamespaceTenants<>();

  /**
   * A reconciler for a Rampart that is not connected to Vault.
   *
   * @param operatorNamespace Rampart's own namespace, where it may always read gateway kinds
   */
  public PaymentWebhookReconciler(Clock clock, String image, String operatorNamespace) {
    this(clock, image, operatorNamespace, Optional.empty(), Optional.empty());
  }

  /**
   * A reconciler whose generated signing secrets live in the tenant's KV, and that may read
   * Stripe's from there.
   *
   * @param image the billing gateway's container image
   */
  public PaymentWebhookReconciler(
      Clock clock, String image, String operatorNamespace, Vault vault, VaultConfig config) {
    this(clock, image, operatorNamespace, Optional.of(vault), Optional.of(config));
  }

  private PaymentWebhookReconciler(
      Clock clock,
      String image,
      String operatorNamespace,
      Optional<Vault> vault,
      Optional<VaultConfig> vaultConfig) {
    inTenantNamespacesOnly.forEach(kind -> kind.watchPerNamespace(operatorNamespace));
    this.clock = clock;
    this.image = image;
    this.vault = vault;
    this.vaultConfig = vaultConfig;
  }

  /**
   * A kind of object a billing gateway is made of. Gateways live in tenant namespaces, where the
   * tenant writes too: an object of a desired name that is not the PaymentWebhook's is never taken
   * over.
   */
  private static <R extends HasMetadata>
      DeclaredChildren<PaymentWebhook, Gateway, R> gatewayChildren(
          Class<R> type, Function<Gateway, List<R>> desired) {
    return new DeclaredChildren<>(type, PaymentWebhook.LABEL, Children.Adoption.REFUSE, desired);
  }

  @Override
  public List<EventSource<?, PaymentWebhook>> prepareEventSources(
      EventSourceContext<PaymentWebhook> context) {
    KubernetesClient client = context.getClient();
    sources =
        new SigningSources(
            vault.flatMap(v -> vaultConfig.map(config -> new TenantKv(v, config, client, clock))));
    List<EventSource<?, PaymentWebhook>> all = new ArrayList<>();
    all.add(tenantNamespaces.eventSource(context));
    children.forEach(kind -> all.add(kind.eventSource(context)));
    return all;
  }

  @Override
  public UpdateControl<PaymentWebhook> reconcile(
      PaymentWebhook webhook, Context<PaymentWebhook> context) {
    Instant now = clock.instant();
    String namespace = webhook.getMetadata().getNamespace();
    Optional<String> tenant = tenantNamespaces.tenantOf(namespace);
    if (tenant.isEmpty()) {
      return withStatus(
              webhook,
              PaymentWebhookStatusModel.failed(
                  webhook,
                  PaymentWebhookStatusModel.NOT_IN_TENANT_NAMESPACE,
                  "namespace "
                      + namespace
                      + " is not a tenant namespace (one Rampart created for a Tenant); a"
                      + " PaymentWebhook provisions its gateway only inside a tenant",
                  now))
          .rescheduleAfter(RESYNC);
    }
    if (!tenantNamespaces.watchServed(namespace, context, inTenantNamespacesOnly)) {
      return withStatus(
              webhook,
              PaymentWebhookStatusModel.failed(
                  webhook,
                  PaymentWebhookStatusModel.NAMESPACE_ACCESS_PENDING,
                  TenantNamespaces.accessPending(namespace),
                  now))
          .rescheduleAfter(RETRY);
    }
    Optional<PaymentWebhook> holder =
        PathClaims.heldByAnother(webhook, context.getPrimaryCache().list(namespace));
    if (holder.isPresent()) {
      return pathConflict(webhook, holder.get(), now);
    }
    try {
      return provision(webhook, tenant.get(), context, now);
    } catch (Unprovisionable e) {
      log.warn(
          "paymentwebhook {}/{}: {}", namespace, webhook.getMetadata().getName(), e.getMessage());
      return withStatus(
              webhook, PaymentWebhookStatusModel.failed(webhook, e.reason(), e.getMessage(), now))
          .rescheduleAfter(RETRY);
    } catch (VaultException e) {
      String reason =
          e.unavailable()
              ? PaymentWebhookStatusModel.VAULT_UNAVAILABLE
              : PaymentWebhookStatusModel.VAULT_REFUSED;
      log.warn(
          "paymentwebhook {}/{}: {}", namespace, webhook.getMetadata().getName(), e.getMessage());
      return withStatus(
              webhook, PaymentWebhookStatusModel.failed(webhook, reason, e.getMessage(), now))
          .rescheduleAfter(RETRY);
    }
  }

  private UpdateControl<PaymentWebhook> provision(
      PaymentWebhook webhook, String tenant, Context<PaymentWebhook> context, Instant now) {
    KubernetesClient client = context.getClient();
    Optional<Secret> gatewaySecret =
        secrets.current(webhook, namespace(webhook), GatewayNames.gateway(webhook));
    Optional<State> rendered = gatewaySecret.flatMap(GatewaySecrets::rendered);
    Map<String, String> mounted = mountedFiles(webhook, client);
    SigningSources.Resolved signing =
        sources.resolve(
            webhook,
            tenant,
            rendered,
            secrets.current(webhook, namespace(webhook), GatewayNames.generatedSigning(webhook)),
            client);
    State state =
        SigningRotation.next(
            rendered,
            signing.source(),
            now,
            Duration.ofSeconds(webhook.getSpec().getRotationGracePeriodSeconds()));
    Optional<String> forwardSecret = Optional.empty();
    ForwardTarget target = new ForwardTarget(Optional.empty(), Optional.empty());
    if (webhook.getSpec().getForward() != null) {
      forwardSecret = Optional.of(forwardSecret(webhook, context, gatewaySecret));
      target =
          GatewayNetworkPolicy.forwardTarget(
              webhook,
              client
                  .services()
                  .inNamespace(webhook.getMetadata().getNamespace())
                  .withName(webhook.getSpec().getForward().getService())
                  .get());
    }
    Gateway gateway =
        new Gateway(
            webhook,
            image,
            state,
            signing.generated(),
            forwardSecret,
            target.pods(),
            mounted,
            policyDecisionPoint(webhook, tenant, client),
            adminIssuer(webhook, client));
    ResourceWriter writer = new ResourceWriter(client);
    Children.Converged converged = Children.Converged.NOTHING;
    for (DeclaredChildren<PaymentWebhook, Gateway, ?> kind : children) {
      converged = converged.plus(kind.converge(webhook, gateway, writer));
    }
    int writes = converged.writes();
    String name = webhook.getMetadata().getNamespace() + "/" + webhook.getMetadata().getName();
    if (writes > 0) {
      log.info(
          "paymentwebhook {}: wrote {} object(s); signing secret version {}",
          name,
          writes,
          state.current().number());
    }
    if (!converged.conflicts().isEmpty()) {
      throw new Unprovisionable(
          PaymentWebhookStatusModel.NAME_CONFLICT,
          converged.conflicts().stream().map(Children.Conflict::toString).collect(joining(", "))
              + " exist(s) and are not this PaymentWebhook's; Rampart leaves them untouched."
              + " Delete them or rename the PaymentWebhook.");
    }
    Duration next = RESYNC;
    Optional<Instant> change = SigningRotation.nextChange(state);
    if (change.isPresent() && change.get().isBefore(now.plus(RESYNC))) {
      next = DatabaseLeases.delayUntil(change.get(), now);
    }
    return withStatus(
            webhook,
            PaymentWebhookStatusModel.provisioned(
                webhook, state, signing.location(), target.problem(), now))
        .rescheduleAfter(next);
  }

  /**
   * The tenant's PDP, for a PaymentWebhook whose admin calls ask it: in the namespace of the
   * tenant's bundle, among those its status says Rampart provisioned.
   */
  private static Optional<Gateway.PolicyDecisionPointRef> policyDecisionPoint(
      PaymentWebhook webhook, String tenant, KubernetesClient client) {
    if (webhook.getSpec().getAdminAuthorization() != AdminAuthorization.POLICY) {
      return Optional.empty();
    }
    Tenant owner = client.resources(Tenant.class).withName(tenant).get();
    List<String> owned =
        owner == null || owner.getStatus() == null ? List.of() : owner.getStatus().getNamespaces();
    if (owned.isEmpty()) {
      throw new Unprovisionable(
          PaymentWebhookStatusModel.POLICY_DECISION_POINT_NOT_FOUND,
          "adminAuthorization is policy, but tenant "
              + tenant
              + " has no namespace yet to serve its policy decision point from");
    }
    return Optional.of(
        new Gateway.PolicyDecisionPointRef(tenant, PolicyDecisionPoint.namespace(owner, owned)));
  }

  /** The realm and audience of spec.adminClient's access tokens, once that client is Ready. */
  private static Optional<Gateway.AdminIssuer> adminIssuer(
      PaymentWebhook webhook, KubernetesClient client) {
    String name = webhook.getSpec().getAdminClient();
    if (name == null) {
      return Optional.empty();
    }
    OidcClient oidc =
        client
            .resources(OidcClient.class)
            .inNamespace(webhook.getMetadata().getNamespace())
            .withName(name)
            .get();
    if (oidc == null
        || oidc.getStatus() == null
        || !Conditions.isTrue(oidc.getStatus().getConditions(), Conditions.READY)) {
      throw new Unprovisionable(
          PaymentWebhookStatusModel.ADMIN_CLIENT_NOT_READY,
          "adminClient "
              + name
              + " is not a Ready OidcClient of this namespace: the admin API cannot check its"
              + " tokens yet");
    }
    return Optional.of(
        new Gateway.AdminIssuer(oidc.getStatus().getIssuer(), oidc.getStatus().getClientId()));
  }

  /**
   * The secret forwarded events are signed with: kept in {@code <name>-forward-signing} for the
   * application, restored from the gateway's Secret if only that is left, generated otherwise.
   */
  private String forwardSecret(
      PaymentWebhook webhook, Context<PaymentWebhook> context, Optional<Secret> gatewaySecret) {
    return secrets
        .current(webhook, namespace(webhook), GatewayNames.forwardSigning(webhook))
        .flatMap(s -> GatewaySecrets.value(s, GatewaySecrets.SIGNING_SECRET_KEY))
        .or(() -> gatewaySecret.flatMap(s -> GatewaySecrets.value(s, GatewaySecrets.FORWARD_FILE)))
        .orElseGet(() -> GatewaySecrets.generate(random));
  }

  /** The tenant's Secrets the gateway mounts: ledger credentials and admin tokens, by file. */
  private static Map<String, String> mountedFiles(PaymentWebhook webhook, KubernetesClient client) {
    Ledger ledger = webhook.getSpec().getLedger();
    Map<String, String> files = new TreeMap<>();
    files.put(
        GatewaySecrets.DB_USERNAME_FILE,
        required(client, webhook, new SecretKeyRef(ledger.getCredentialsSecret(), "username")));
    files.put(
        GatewaySecrets.DB_PASSWORD_FILE,
        required(client, webhook, new SecretKeyRef(ledger.getCredentialsSecret(), "password")));
    SecretKeyRef adminTokens = webhook.getSpec().getAdminTokens();
    if (adminTokens != null) {
      files.put(GatewaySecrets.ADMIN_TOKENS_FILE, required(client, webhook, adminTokens));
    }
    return files;
  }

  private static String required(
      KubernetesClient client, PaymentWebhook webhook, SecretKeyRef ref) {
    return SigningSources.secretValue(client, webhook, ref)
        .orElseThrow(
            () ->
                new Unprovisionable(
                    PaymentWebhookStatusModel.SECRET_NOT_FOUND,
                    "Secret "
                        + ref.getName()
                        + " has no key "
                        + ref.getKey()
                        + " (or does not exist); the gateway cannot start without it"));
  }

  private static UpdateControl<PaymentWebhook> pathConflict(
      PaymentWebhook webhook, PaymentWebhook holder, Instant now) {
    String message =
        "path "
            + webhook.getSpec().getPath()
            + " is already served by PaymentWebhook "
            + holder.getMetadata().getName()
            + " (the older one keeps it); choose another path";
    return withStatus(
            webhook,
            PaymentWebhookStatusModel.failed(
                webhook, PaymentWebhookStatusModel.PATH_CONFLICT, message, now))
        .rescheduleAfter(RETRY);
  }

  @Override
  public ErrorStatusUpdateControl<PaymentWebhook> updateErrorStatus(
      PaymentWebhook webhook, Context<PaymentWebhook> context, Exception e) {
    return StatusPatches.patchErrorIfChanged(
        webhook,
        PaymentWebhookStatusModel.failed(
            webhook,
            PaymentWebhookStatusModel.APPLY_FAILED,
            StatusPatches.failureMessage(e),
            clock.instant()));
  }

  private static String namespace(PaymentWebhook webhook) {
    return webhook.getMetadata().getNamespace();
  }

  private static UpdateControl<PaymentWebhook> withStatus(
      PaymentWebhook webhook, PaymentWebhookStatus next) {
    return StatusPatches.patchIfChanged(webhook, next);
  }
}
