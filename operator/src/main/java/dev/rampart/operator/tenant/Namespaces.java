package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Owners;
import dev.rampart.operator.model.tenant.NamespaceClaim;
import dev.rampart.operator.model.tenant.TenantNamespaceModel;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tenant's namespaces. A namespace is the tenant's only if Rampart created it for this very
 * Tenant (its controller reference carries the Tenant's uid); any other existing namespace is a
 * conflict and is left untouched, so nobody gains a namespace by naming it in a Tenant.
 */
final class Namespaces extends TenantChildren<Namespace> {

  Namespaces() {
    super(Namespace.class);
  }

  @Override
  List<Namespace> desired(Tenant tenant, String namespace) {
    return List.of(TenantNamespaceModel.desired(tenant, namespace));
  }

  @Override
  boolean prunable(Namespace existing, List<String> namespaces) {
    return false; // deleting a namespace deletes data; only deleting the Tenant does that
  }

  /** Sorts the declared namespaces into those the tenant may use and those someone else holds. */
  NamespaceClaim claim(Tenant tenant, Context<Tenant> context) {
    Set<String> ours =
        context
            .getSecondaryResourcesAsStream(Namespace.class)
            .filter(ns -> Owners.isControlledBy(ns, tenant))
            .map(ns -> ns.getMetadata().getName())
            .collect(Collectors.toSet());
    KubernetesClient client = context.getClient();
    List<String> usable = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    for (String name : tenant.namespaceNames()) {
      if (ours.contains(name)) {
        usable.add(name);
        continue;
      }
      // Not in our cache: absent, someone else's, or ours but not yet seen by the informer.
      Namespace existing = client.namespaces().withName(name).get();
      if (existing == null || Owners.isControlledBy(existing, tenant)) {
        usable.add(name);
      } else {
        conflicts.add(name);
      }
    }
    return new NamespaceClaim(usable, conflicts);
  }
}
