package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.TenantStatus;
import dev.rampart.operator.model.Conditions;
import java.time.Instant;
import java.util.List;

/** The status a Tenant should show after a reconcile. */
public final class TenantStatusModel {

  public static final String NAMESPACE_CONFLICT = "NamespaceConflict";

  private TenantStatusModel() {}

  public static TenantStatus provisioned(Tenant tenant, NamespaceClaim claim, Instant now) {
    long generation = tenant.getMetadata().getGeneration();
    List<Condition> conditions = current(tenant);
    if (claim.conflicts().isEmpty()) {
      conditions =
          Conditions.with(
              conditions,
              NAMESPACE_CONFLICT,
              false,
              "NoConflict",
              "every declared namespace belongs to this tenant",
              generation,
              now);
      conditions =
          Conditions.with(
              conditions,
              Conditions.READY,
              true,
              "Provisioned",
              "namespaces, network policies, quota and owner access are in place",
              generation,
              now);
    } else {
      String message =
          "namespace(s) "
              + String.join(", ", claim.conflicts())
              + " already exist and do not belong to this tenant; Rampart leaves them untouched."
              + " Rename them in spec.namespaces or remove the existing namespaces.";
      conditions =
          Conditions.with(
              conditions, NAMESPACE_CONFLICT, true, NAMESPACE_CONFLICT, message, generation, now);
      conditions =
          Conditions.with(
              conditions, Conditions.READY, false, NAMESPACE_CONFLICT, message, generation, now);
    }
    return status(generation, conditions, claim.usable());
  }

  /** Ready=False with the reason and message of a failure the operator will retry. */
  public static TenantStatus failed(Tenant tenant, String reason, String message, Instant now) {
    long generation = tenant.getMetadata().getGeneration();
    List<Condition> conditions =
        Conditions.with(current(tenant), Conditions.READY, false, reason, message, generation, now);
    List<String> namespaces =
        tenant.getStatus() == null ? List.of() : tenant.getStatus().getNamespaces();
    return status(generation, conditions, namespaces);
  }

  private static List<Condition> current(Tenant tenant) {
    return tenant.getStatus() == null ? List.of() : tenant.getStatus().getConditions();
  }

  private static TenantStatus status(
      long generation, List<Condition> conditions, List<String> namespaces) {
    TenantStatus status = new TenantStatus();
    status.setObservedGeneration(generation);
    status.setConditions(conditions);
    status.setNamespaces(List.copyOf(namespaces));
    status.setNamespaceCount(namespaces.size());
    return status;
  }
}
