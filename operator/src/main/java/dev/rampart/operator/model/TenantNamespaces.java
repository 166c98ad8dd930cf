package dev.rampart.operator.model;

import dev.rampart.operator.api.tenant.Tenant;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Optional;

/**
 * The tenant a namespace belongs to. The label alone is not trusted: the namespace must also be
 * controlled by the Tenant it names, which only Rampart sets up.
 */
public final class TenantNamespaces {

  /**
   * The reason shown while Rampart may not yet act in a tenant namespace: its RoleBinding there is
   * written with the Tenant's other objects, a moment after the namespace.
   */
  public static final String ACCESS_PENDING = "NamespaceAccessPending";

  private TenantNamespaces() {}

  /**
   * A tenant's home namespace, where what serves the whole tenant lives (its decision point, the
   * Secrets its realm reads): the first the Tenant declares of those it owns, else the first it
   * owns.
   */
  public static String home(Tenant tenant, List<String> owned) {
    return Optional.ofNullable(tenant.getSpec().getNamespaces()).orElse(List.of()).stream()
        .filter(owned::contains)
        .findFirst()
        .orElse(owned.get(0));
  }

  /** The message that goes with {@link #ACCESS_PENDING}. */
  public static String accessPending(String namespace) {
    return "Rampart may not act in namespace "
        + namespace
        + " yet: its RoleBinding rampart-operator there (written with the Tenant) is missing;"
        + " retrying";
  }

  public static Optional<String> tenantOf(Namespace namespace) {
    if (namespace == null || namespace.getMetadata().getLabels() == null) {
      return Optional.empty();
    }
    String tenant = namespace.getMetadata().getLabels().get(Labels.TENANT);
    if (tenant == null || tenant.isBlank()) {
      return Optional.empty();
    }
    boolean controlledByIt =
        namespace.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                ref ->
                    Boolean.TRUE.equals(ref.getController())
                        && "Tenant".equals(ref.getKind())
                        && ref.getApiVersion().startsWith("rampart.dev/")
                        && tenant.equals(ref.getName()));
    return controlledByIt ? Optional.of(tenant) : Optional.empty();
  }
}
