package dev.rampart.operator.model;

import io.fabric8.kubernetes.api.model.Namespace;
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
