package dev.rampart.operator.kubernetes;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.TenantNamespaces;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant namespaces and TenantRoles a Tenant reconciler follows: a change to either wakes the
 * tenant it belongs to (a role belongs to the tenant of its namespace). A TenantRole's status is
 * written by Rampart; only a new spec is news.
 */
public final class TenantRoleIndex {

  private final String name;
  private InformerEventSource<Namespace, Tenant> namespaces;
  private InformerEventSource<TenantRole, Tenant> roles;

  /**
   * @param name prefixes the event sources' names, unique within the reconciler
   */
  public TenantRoleIndex(String name) {
    this.name = name;
  }

  public List<InformerEventSource<?, Tenant>> eventSources(EventSourceContext<Tenant> context) {
    namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, Tenant.class)
                .withName(name + "-namespaces")
                .withLabelSelector(Labels.TENANT)
                .withSecondaryToPrimaryMapper(
                    namespace ->
                        TenantNamespaces.tenantOf(namespace)
                            .map(tenant -> Set.of(new ResourceID(tenant)))
                            .orElse(Set.of()))
                .build(),
            context);
    roles =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TenantRole.class, Tenant.class)
                .withName(name + "-tenantroles")
                .withSecondaryToPrimaryMapper(
                    role ->
                        tenantOf(role.getMetadata().getNamespace())
                            .map(tenant -> Set.of(new ResourceID(tenant)))
                            .orElse(Set.of()))
                .withOnUpdateFilter(
                    (next, previous) ->
                        !Objects.equals(
                            next.getMetadata().getGeneration(),
                            previous.getMetadata().getGeneration()))
                .build(),
            context);
    return List.of(namespaces, roles);
  }

  public InformerEventSource<Namespace, Tenant> namespaces() {
    return namespaces;
  }

  public InformerEventSource<TenantRole, Tenant> roles() {
    return roles;
  }

  public Optional<String> tenantOf(String namespace) {
    return namespaces.get(new ResourceID(namespace)).flatMap(TenantNamespaces::tenantOf);
  }

  /** The tenant's live namespaces, sorted. */
  public List<String> ownedNamespaces(String tenant) {
    return namespaces
        .list()
        .filter(ns -> ns.getMetadata().getDeletionTimestamp() == null)
        .filter(ns -> TenantNamespaces.tenantOf(ns).filter(tenant::equals).isPresent())
        .map(ns -> ns.getMetadata().getName())
        .sorted()
        .toList();
  }

  /** The TenantRoles in the tenant's live namespaces. */
  public List<TenantRole> rolesOf(String tenant) {
    List<String> owned = ownedNamespaces(tenant);
    return roles.list().filter(r -> owned.contains(r.getMetadata().getNamespace())).toList();
  }
}
