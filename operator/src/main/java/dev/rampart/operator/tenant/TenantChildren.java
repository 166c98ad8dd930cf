package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.model.DesiredState;
import dev.rampart.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One kind of object Rampart keeps in a tenant's namespaces. It watches the kind (only objects
 * labelled for a tenant), writes what differs from the desired state and removes what the tenant no
 * longer declares, so an edit or deletion by anyone else is repaired at the next event.
 */
abstract class TenantChildren<R extends HasMetadata> {

  private final Class<R> type;
  private InformerEventSource<R, Tenant> eventSource;

  TenantChildren(Class<R> type) {
    this.type = type;
  }

  /** The objects of this kind the tenant should have in {@code namespace}. */
  abstract List<R> desired(Tenant tenant, String namespace);

  InformerEventSource<R, Tenant> eventSource(EventSourceContext<Tenant> context) {
    eventSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(type, Tenant.class)
                .withName(type.getSimpleName())
                .withLabelSelector(
                    Labels.TENANT + "," + Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_RAMPART)
                .withSecondaryToPrimaryMapper(
                    child ->
                        Set.of(new ResourceID(child.getMetadata().getLabels().get(Labels.TENANT))))
                .build(),
            context);
    return eventSource;
  }

  /**
   * Converges this kind in the given namespaces of the tenant.
   *
   * @return how many objects were written or deleted
   */
  int reconcile(
      Tenant tenant, List<String> namespaces, Context<Tenant> context, ResourceWriter writer) {
    Map<ResourceID, R> actual =
        context
            .getSecondaryResourcesAsStream(type)
            .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
    int writes = 0;
    Set<ResourceID> wanted = new HashSet<>();
    for (String namespace : namespaces) {
      for (R desired : desired(tenant, namespace)) {
        ResourceID id = ResourceID.fromResource(desired);
        wanted.add(id);
        if (applyIfChanged(tenant, desired, actual.get(id), writer)) {
          writes++;
        }
      }
    }
    for (R stale : actual.values()) {
      if (prunable(stale, namespaces) && !wanted.contains(ResourceID.fromResource(stale))) {
        writer.delete(stale);
        writes++;
      }
    }
    return writes;
  }

  /**
   * Writes {@code desired} unless {@code current} already says the same.
   *
   * @return whether it wrote
   */
  boolean applyIfChanged(Tenant tenant, R desired, R current, ResourceWriter writer) {
    if (DesiredState.matches(desired, current)) {
      return false;
    }
    R applied = writer.apply(desired);
    if (current == null) {
      ownCreate(tenant, applied);
    } else {
      // Tell the informer this version is our own write, so it does not wake the reconciler.
      eventSource.handleRecentResourceUpdate(ResourceID.fromResource(tenant), applied, current);
    }
    return true;
  }

  /** Tells the informer a created object is our own write, so it does not wake the reconciler. */
  void ownCreate(Tenant tenant, R created) {
    eventSource.handleRecentResourceCreate(ResourceID.fromResource(tenant), created);
  }

  /**
   * Only objects inside namespaces the tenant still declares are removed: leaving a namespace out
   * of the spec keeps it, and its default-deny boundary, as it was.
   */
  boolean prunable(R existing, List<String> namespaces) {
    return namespaces.contains(existing.getMetadata().getNamespace());
  }
}
