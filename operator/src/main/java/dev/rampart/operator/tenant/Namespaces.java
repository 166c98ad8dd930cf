package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.model.Owners;
import dev.rampart.operator.model.tenant.NamespaceClaim;
import dev.rampart.operator.model.tenant.TenantNamespaceModel;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tenant's namespaces. A namespace is the tenant's only if Rampart created it for this very
 * Tenant (its controller reference carries the Tenant's uid); any other existing namespace is a
 * conflict and is left untouched, so nobody gains a namespace by naming it in a Tenant. Rampart
 * never deletes a namespace (that deletes data): only deleting the Tenant does.
 */
final class Namespaces extends TenantChildren<Namespace> {

  Namespaces() {
    super(Namespace.class);
  }

  @Override
  List<Namespace> desired(Tenant tenant, String namespace) {
    return List.of(TenantNamespaceModel.desired(tenant, namespace));
  }

  /** The declared namespaces Rampart provisioned, those someone else holds, and the writes. */
  record Converged(NamespaceClaim claim, int writes) {}

  /**
   * Creates or repairs each declared namespace that is the tenant's, and sorts out those that
   * belong to someone else. A namespace missing from the cache is created, never applied: creating
   * fails when any namespace of that name exists, so nothing foreign is ever taken over, and the
   * common case costs one request.
   */
  Converged converge(Tenant tenant, Context<Tenant> context, ResourceWriter writer) {
    Map<String, Namespace> ours =
        context
            .getSecondaryResourcesAsStream(Namespace.class)
            .filter(ns -> Owners.isControlledBy(ns, tenant))
            .collect(Collectors.toMap(ns -> ns.getMetadata().getName(), ns -> ns));
    List<String> usable = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    int writes = 0;
    for (String name : tenant.namespaceNames()) {
      Namespace desired = TenantNamespaceModel.desired(tenant, name);
      Namespace current = ours.get(name);
      if (current == null) {
        Optional<Namespace> created = writer.createUnlessExists(desired);
        if (created.isPresent()) {
          ownCreate(tenant, created.get());
          writes++;
          usable.add(name);
          continue;
        }
        // It exists: someone else's, or ours but not yet seen by the informer.
        current = context.getClient().namespaces().withName(name).get();
        if (current == null || !Owners.isControlledBy(current, tenant)) {
          conflicts.add(name);
          continue;
        }
      }
      if (applyIfChanged(tenant, desired, current, writer)) {
        writes++;
      }
      usable.add(name);
    }
    return new Converged(new NamespaceClaim(usable, conflicts), writes);
  }
}
