package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.TenantStatus;
import dev.rampart.operator.kubernetes.Children;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.kubernetes.StatusPatches;
import dev.rampart.operator.kubernetes.TenantEvents;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.tenant.NamespaceClaim;
import dev.rampart.operator.model.tenant.OperatorAccessModel;
import dev.rampart.operator.model.tenant.ReleasedNamespaceModel;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import dev.rampart.operator.model.tenant.TenantOwnerBindingModel;
import dev.rampart.operator.model.tenant.TenantQuotaModel;
import dev.rampart.operator.model.tenant.TenantStatusModel;
import dev.rampart.operator.model.tenant.VaultOutcome;
import dev.rampart.operator.vault.RetiredTransitKeys;
import dev.rampart.operator.vault.Vault;
import dev.rampart.operator.vault.VaultConfig;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each Tenant's namespaces, network boundary, quota and owner access as declared. Deletion
 * needs no code here: every child carries the Tenant as controller owner, so the garbage collector
 * removes the namespaces and the namespace controller removes what is inside them.
 */
@ControllerConfiguration(name = "tenant")
public class TenantReconciler implements Reconciler<Tenant> {

  static final Logger log = LoggerFactory.getLogger(TenantReconciler.class);

  static final Duration CONFLICT_RECHECK = Duration.ofSeconds(15);

  static final String NAMESPACE_RELEASED = "NamespaceReleased";

  private final Namespaces namespaces = new Namespaces();
  private final List<TenantChildren<?>> inNamespaces;
  final Clock clock;
  final TenantVault vault;
  private final Duration vaultResync;

  /**
   * A reconciler for a Rampart that is not connected to Vault.
   *
   * @param operator the ServiceAccount Rampart runs as, bound in each tenant namespace to what it
   *     may do there
   */
  public TenantReconciler(Clock clock, Optional<OperatorAccessModel.ServiceAccount> operator) {
    this(clock, operator, null, null);
  }

  /**
   * @param vault Rampart's Vault client; tenants then get a transit key, policy and role
   */
  TenantReconciler(
      Clock clock,
      Optional<OperatorAccessModel.ServiceAccount> operator,
      Vault vault,
      VaultConfig config) {
    this.inNamespaces =
        List.of(
            new TenantChildren<>(
                NetworkPolicy.class,
                (scope, ns) ->
                    TenantNetworkPolicyModel.desired(scope.tenant(), scope.namespaces(), ns)),
            new TenantChildren<>(
                ResourceQuota.class,
                (scope, ns) -> TenantQuotaModel.quota(scope.tenant(), ns).stream().toList()),
            new TenantChildren<>(
                LimitRange.class,
                (scope, ns) -> TenantQuotaModel.limitRange(scope.tenant(), ns).stream().toList()),
            new TenantChildren<>(
                RoleBinding.class, (scope, ns) -> bindings(scope.tenant(), ns, operator)));
    this.clock = clock;
    this.vault =
        vault == null ? null : new TenantVault(vault, config, new RetiredTransitKeys(vault));
    this.vaultResync = config == null ? null : config.resync();
  }

  @Override
  public List<EventSource<?, Tenant>> prepareEventSources(EventSourceContext<Tenant> context) {
    return Stream.concat(Stream.of(namespaces), inNamespaces.stream())
        .<EventSource<?, Tenant>>map(children -> children.eventSource(context))
        .toList();
  }

  @Override
  public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
    ResourceWriter writer = new ResourceWriter(context.getClient());
    // Namespaces first: everything else lives inside them.
    Children.Converged converged = namespaces.converge(tenant, tenant, writer);
    List<String> conflicting = converged.conflicts().stream().map(Children.Conflict::name).toList();
    NamespaceClaim claim = NamespaceClaim.of(tenant.namespaceNames(), conflicting);
    TenantChildren.Scope scope = new TenantChildren.Scope(tenant, claim.usable());
    for (TenantChildren<?> children : inNamespaces) {
      converged = converged.plus(children.converge(tenant, scope, writer));
    }
    int writes = converged.writes() + release(tenant, context, writer);
    if (writes > 0) {
      log.info(
          "tenant {}: wrote {} object(s) in {} namespace(s)",
          tenant.getMetadata().getName(),
          writes,
          claim.usable().size());
    }
    boolean conflictBefore =
        tenant.getStatus() != null
            && Conditions.isTrue(
                tenant.getStatus().getConditions(), TenantStatusModel.NAMESPACE_CONFLICT);
    VaultOutcome vaultOutcome = vault == null ? null : vault.reconcile(tenant, claim.usable());
    Instant now = clock.instant();
    // Nothing watches Vault: look again after the resync period, sooner while Vault fails.
    Duration recheck =
        vaultOutcome == null
            ? null
            : vaultOutcome.ready() ? vaultResync : TenantStatusModel.vaultRetryDelay(tenant, now);
    TenantStatus next = TenantStatusModel.provisioned(tenant, claim, vaultOutcome, now);
    UpdateControl<Tenant> control = withStatus(tenant, next);
    if (!claim.conflicts().isEmpty()) {
      // Said once when the conflict starts, like its Event, not on every recheck while it lasts.
      if (!conflictBefore) {
        log.warn(
            "tenant {}: namespaces {} belong to someone else; left untouched",
            tenant.getMetadata().getName(),
            claim.conflicts());
        new TenantEvents(context.getClient())
            .warning(tenant, TenantStatusModel.NAMESPACE_CONFLICT, conflictMessage(next));
      }
      // Nothing watches namespaces that are not Rampart's, so look again for the conflict to end.
      recheck =
          recheck == null || CONFLICT_RECHECK.compareTo(recheck) < 0 ? CONFLICT_RECHECK : recheck;
    }
    if (vaultOutcome != null && !vaultOutcome.ready()) {
      log.warn("tenant {}: {}", tenant.getMetadata().getName(), vaultOutcome.message());
    }
    if (recheck != null) {
      control.rescheduleAfter(recheck);
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<Tenant> updateErrorStatus(
      Tenant tenant, Context<Tenant> context, Exception e) {
    return StatusPatches.patchErrorIfChanged(
        tenant,
        TenantStatusModel.failed(
            tenant, "ApplyFailed", StatusPatches.failureMessage(e), clock.instant()));
  }

  /**
   * Releases each namespace the tenant no longer declares, its objects first (Rampart's own
   * RoleBinding there last) and the namespace itself once they are done, so that a release cut
   * short is taken up again by the next reconcile.
   *
   * @return the writes made
   */
  private int release(Tenant tenant, Context<Tenant> context, ResourceWriter writer) {
    int writes = 0;
    for (Namespace namespace : namespaces.undeclared(tenant)) {
      String name = namespace.getMetadata().getName();
      for (TenantChildren<?> children : inNamespaces) {
        writes += children.release(tenant, name, writer);
      }
      writer.replace(ReleasedNamespaceModel.disowned(namespace, tenant));
      writes++;
      log.info("tenant {}: released namespace {}", tenant.getMetadata().getName(), name);
      new TenantEvents(context.getClient())
          .normal(tenant, NAMESPACE_RELEASED, ReleasedNamespaceModel.message(name));
    }
    return writes;
  }

  /** The owners' binding, and Rampart's own where it runs as a ServiceAccount. */
  private static List<RoleBinding> bindings(
      Tenant tenant, String namespace, Optional<OperatorAccessModel.ServiceAccount> operator) {
    return Stream.concat(
            Stream.of(TenantOwnerBindingModel.desired(tenant, namespace)),
            operator
                .map(account -> OperatorAccessModel.desired(tenant, namespace, account))
                .stream())
        .toList();
  }

  private static String conflictMessage(TenantStatus status) {
    return status.getConditions().stream()
        .filter(c -> TenantStatusModel.NAMESPACE_CONFLICT.equals(c.getType()))
        .map(c -> c.getMessage())
        .findFirst()
        .orElseThrow();
  }

  private static UpdateControl<Tenant> withStatus(Tenant tenant, TenantStatus next) {
    return StatusPatches.patchIfChanged(tenant, next);
  }
}
