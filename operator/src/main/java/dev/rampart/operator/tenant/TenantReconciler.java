package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.TenantStatus;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.kubernetes.TenantEvents;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.tenant.NamespaceClaim;
import dev.rampart.operator.model.tenant.TenantStatusModel;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each Tenant's namespaces, network boundary, quota and owner access as declared. Deletion
 * needs no code here: every child carries the Tenant as controller owner, so the garbage collector
 * removes the namespaces and the namespace controller removes what is inside them.
 */
@ControllerConfiguration(name = "tenant")
public class TenantReconciler implements Reconciler<Tenant> {

  private static final Logger log = LoggerFactory.getLogger(TenantReconciler.class);

  static final Duration CONFLICT_RECHECK = Duration.ofSeconds(15);

  private final Namespaces namespaces = new Namespaces();
  private final List<TenantChildren<?>> inNamespaces =
      List.of(
          new NetworkPolicies(), new ResourceQuotas(), new LimitRanges(), new OwnerRoleBindings());
  private final Clock clock;

  public TenantReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Tenant>> prepareEventSources(EventSourceContext<Tenant> context) {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(namespaces), inNamespaces.stream())
        .<EventSource<?, Tenant>>map(children -> children.eventSource(context))
        .toList();
  }

  @Override
  public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
    ResourceWriter writer = new ResourceWriter(context.getClient());
    NamespaceClaim claim = namespaces.claim(tenant, context);
    // Namespaces first: everything else lives inside them.
    int writes = namespaces.reconcile(tenant, claim.usable(), context, writer);
    for (TenantChildren<?> children : inNamespaces) {
      writes += children.reconcile(tenant, claim.usable(), context, writer);
    }
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
    TenantStatus next = TenantStatusModel.provisioned(tenant, claim, clock.instant());
    UpdateControl<Tenant> control = withStatus(tenant, next);
    if (!claim.conflicts().isEmpty()) {
      log.warn(
          "tenant {}: namespaces {} belong to someone else; left untouched",
          tenant.getMetadata().getName(),
          claim.conflicts());
      if (!conflictBefore) {
        new TenantEvents(context.getClient())
            .warning(tenant, TenantStatusModel.NAMESPACE_CONFLICT, conflictMessage(next));
      }
      // Nothing watches namespaces that are not Rampart's, so look again for the conflict to end.
      control.rescheduleAfter(CONFLICT_RECHECK);
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<Tenant> updateErrorStatus(
      Tenant tenant, Context<Tenant> context, Exception e) {
    String message =
        e instanceof KubernetesClientException k && k.getStatus() != null
            ? k.getStatus().getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    TenantStatus failed = TenantStatusModel.failed(tenant, "ApplyFailed", message, clock.instant());
    if (Objects.equals(failed, tenant.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    tenant.setStatus(failed);
    tenant.getMetadata().setResourceVersion(null);
    return ErrorStatusUpdateControl.patchStatus(tenant);
  }

  private static String conflictMessage(TenantStatus status) {
    return status.getConditions().stream()
        .filter(c -> TenantStatusModel.NAMESPACE_CONFLICT.equals(c.getType()))
        .map(c -> c.getMessage())
        .findFirst()
        .orElseThrow();
  }

  private static UpdateControl<Tenant> withStatus(Tenant tenant, TenantStatus next) {
    if (Objects.equals(next, tenant.getStatus())) {
      return UpdateControl.noUpdate();
    }
    tenant.setStatus(next);
    // The reconciler is the status' only writer and runs one at a time per Tenant, so no
    // optimistic lock: a stale cached resourceVersion would only cause a 409 and a retry.
    tenant.getMetadata().setResourceVersion(null);
    return UpdateControl.patchStatus(tenant);
  }
}
