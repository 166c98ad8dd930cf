package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.kubernetes.Children;
import dev.rampart.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One kind of object Rampart keeps in each of a tenant's namespaces, declared by its type and the
 * {@code model/} function that computes it for a namespace. Rampart owns those namespaces, so an
 * object of a desired name is written over whoever made it.
 */
final class TenantChildren<R extends HasMetadata>
    extends Children<Tenant, TenantChildren.Scope, R> {

  /** The tenant, and the namespaces of it Rampart provisions. */
  record Scope(Tenant tenant, List<String> namespaces) {}

  private final BiFunction<Tenant, String, List<R>> desiredIn;

  TenantChildren(Class<R> type, BiFunction<Tenant, String, List<R>> desiredIn) {
    super(type, Labels.TENANT, Adoption.TAKE_OVER);
    this.desiredIn = desiredIn;
  }

  @Override
  protected List<R> desired(Scope scope) {
    return scope.namespaces().stream()
        .flatMap(namespace -> desiredIn.apply(scope.tenant(), namespace).stream())
        .toList();
  }

  /**
   * Only objects inside namespaces the tenant still provisions are removed: leaving a namespace out
   * of the spec keeps it, and its default-deny boundary, as it was.
   */
  @Override
  protected boolean prunable(R existing, Scope scope) {
    return scope.namespaces().contains(existing.getMetadata().getNamespace());
  }
}
