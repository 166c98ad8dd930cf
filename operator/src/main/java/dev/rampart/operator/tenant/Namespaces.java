package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.kubernetes.Children;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.tenant.TenantNamespaceModel;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;

/**
 * The tenant's namespaces. A namespace is the tenant's only if Rampart created it for this very
 * Tenant (its controller reference carries the Tenant's uid); any other existing namespace is a
 * conflict and is left untouched, so nobody gains a namespace by naming it in a Tenant. Rampart
 * never deletes a namespace (that deletes data): only deleting the Tenant does. One the Tenant
 * stops declaring is released ({@code ReleasedNamespaceModel}).
 */
final class Namespaces extends Children<Tenant, Tenant, Namespace> {

  Namespaces() {
    super(Namespace.class, Labels.TENANT, Adoption.CREATE_ONLY);
  }

  @Override
  protected List<Namespace> desired(Tenant tenant) {
    return tenant.namespaceNames().stream()
        .map(name -> TenantNamespaceModel.desired(tenant, name))
        .toList();
  }

  @Override
  protected boolean prunable(Namespace existing, Tenant tenant) {
    return false;
  }

  /** The namespaces the tenant still controls but no longer declares: those to release. */
  List<Namespace> undeclared(Tenant tenant) {
    return owned(tenant).stream()
        .filter(namespace -> !tenant.namespaceNames().contains(namespace.getMetadata().getName()))
        .toList();
  }
}
