package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.kubernetes.Children;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.tenant.ReleasedNamespaceModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One kind of object Rampart keeps in each of a tenant's namespaces, declared by its type and the
 * {@code model/} function that computes it for one of the tenant's namespaces. Rampart owns those
 * namespaces, so an object of a desired name is written over whoever made it.
 */
final class TenantChildren<R extends HasMetadata>
    extends Children<Tenant, TenantChildren.Scope, R> {

  /** The tenant, and the namespaces of it Rampart provisions. */
  record Scope(Tenant tenant, List<String> namespaces) {}

  private final BiFunction<Scope, String, List<R>> desiredIn;

  TenantChildren(Class<R> type, BiFunction<Scope, String, List<R>> desiredIn) {
    super(type, Labels.TENANT, Adoption.TAKE_OVER);
    this.desiredIn = desiredIn;
  }

  @Override
  protected List<R> desired(Scope scope) {
    return scope.namespaces().stream()
        .flatMap(namespace -> desiredIn.apply(scope, namespace).stream())
        .toList();
  }

  /**
   * Only objects inside namespaces the tenant still provisions are pruned; those of a namespace it
   * stops declaring go by {@link #release}.
   */
  @Override
  protected boolean prunable(R existing, Scope scope) {
    return scope.namespaces().contains(existing.getMetadata().getNamespace());
  }

  /**
   * Takes the tenant's objects of this kind out of a namespace it released: those {@link
   * ReleasedNamespaceModel#kept} stay, disowned; the rest are deleted.
   *
   * @return the writes made
   */
  int release(Tenant tenant, String namespace, ResourceWriter writer) {
    List<R> owned =
        owned(tenant).stream()
            .filter(object -> namespace.equals(object.getMetadata().getNamespace()))
            .toList();
    for (R object : owned) {
      if (ReleasedNamespaceModel.kept(object)) {
        writer.replace(ReleasedNamespaceModel.disowned(object, tenant));
      } else {
        writer.delete(object);
      }
    }
    return owned.size();
  }
}
