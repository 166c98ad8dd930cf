package dev.rampart.operator.kubernetes;

import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.TenantNamespaces;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.Set;

/**
 * Which tenant each namespace belongs to, for a reconciler of resources that live in tenant
 * namespaces: read from a cache of labelled namespaces rather than a GET per reconcile, and decided
 * by {@link TenantNamespaces#tenantOf} alone. A namespace changing hands wakes nothing; resources
 * in it see the change at their next resync.
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
                .withSecondaryToPrimaryMapper(namespace -> Set.of())
                .build(),
            context);
    return namespaces;
  }

  /** The tenant that owns {@code namespace}, if it is a tenant namespace. */
  public Optional<String> tenantOf(String namespace) {
    return namespaces.get(new ResourceID(namespace)).flatMap(TenantNamespaces::tenantOf);
  }
}
