package dev.rampart.operator.kubernetes;

import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.TenantNamespaces;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which tenant each namespace belongs to, for a reconciler of resources that live in tenant
 * namespaces: read from a cache of labelled namespaces rather than a GET per reconcile, and decided
 * by {@link TenantNamespaces#tenantOf} alone. A change to a namespace (it becomes a tenant's, or
 * starts terminating) wakes the resources in it.
 */
public final class NamespaceTenants<P extends HasMetadata> {

  private InformerEventSource<Namespace, P> namespaces;

  public InformerEventSource<Namespace, P> eventSource(EventSourceContext<P> context) {
    namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(
                    Namespace.class, context.getPrimaryResourceClass())
                .withName("tenant-namespaces")
                .withLabelSelector(Labels.TENANT)
                .withSecondaryToPrimaryMapper(
                    namespace ->
                        context
                            .getPrimaryCache()
                            .list(namespace.getMetadata().getName())
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    return namespaces;
  }

  /** The tenant that owns {@code namespace}, if it is a tenant namespace. */
  public Optional<String> tenantOf(String namespace) {
    return namespaces.get(new ResourceID(namespace)).flatMap(TenantNamespaces::tenantOf);
  }

  /**
   * Watches the kinds {@link Children#watchPerNamespace} in every tenant namespace that holds a
   * resource of this reconciler and is not being deleted, and in no other.
   *
   * @return whether {@code namespace} is among those watched (Rampart's RoleBinding there may not
   *     be written yet)
   */
  public boolean watchServed(
      String namespace, Context<P> context, List<? extends Children<P, ?, ?>> kinds) {
    Set<String> served =
        context
            .getPrimaryCache()
            .list()
            .map(primary -> primary.getMetadata().getNamespace())
            .filter(this::isLiveTenantNamespace)
            .collect(Collectors.toSet());
    ResourceWriter writer = new ResourceWriter(context.getClient());
    Set<String> refused = new HashSet<>();
    for (Children<P, ?, ?> kind : kinds) {
      refused.addAll(kind.watchOnly(served, writer));
    }
    return served.contains(namespace) && !refused.contains(namespace);
  }

  private boolean isLiveTenantNamespace(String namespace) {
    return namespaces
        .get(new ResourceID(namespace))
        .filter(ns -> ns.getMetadata().getDeletionTimestamp() == null)
        .flatMap(TenantNamespaces::tenantOf)
        .isPresent();
  }
}
