package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.TenantStatus;
import dev.rampart.operator.api.tenant.VaultStatus;
import dev.rampart.operator.model.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The status a Tenant should show after a reconcile. */
public final class TenantStatusModel {

  public static final String NAMESPACE_CONFLICT = "NamespaceConflict";

  private TenantStatusModel() {}

  public static final String VAULT_READY = "VaultReady";

  private static final Duration MIN_RETRY = Duration.ofSeconds(5);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);

  /**
   * @param vault the outcome of converging the tenant's Vault state; null when Rampart is not
   *     connected to Vault
   */
  public static TenantStatus provisioned(
      Tenant tenant, NamespaceClaim claim, VaultOutcome vault, Instant now) {
    long generation = tenant.getMetadata().getGeneration();
    List<Condition> conditions = current(tenant);
    if (vault != null) {
      conditions =
          Conditions.with(
              conditions,
              VAULT_READY,
              vault.ready(),
              vault.reason(),
              vault.message(),
              generation,
              now);
    }
    if (!claim.conflicts().isEmpty()) {
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
    } else {
      conditions =
          Conditions.with(
              conditions,
              NAMESPACE_CONFLICT,
              false,
              "NoConflict",
              "every declared namespace belongs to this tenant",
              generation,
              now);
      boolean ready = vault == null || vault.ready();
      conditions =
          Conditions.with(
              conditions,
              Conditions.READY,
              ready,
              ready ? "Provisioned" : vault.reason(),
              ready
                  ? "namespaces, network policies, quota and owner access are in place"
                  : "Kubernetes objects are in place; Vault: " + vault.message(),
              generation,
              now);
    }
    TenantStatus status = status(generation, conditions, claim.usable());
    status.setVault(vault == null || vault.facts() == null ? previousVault(tenant) : vault.facts());
    // The namespaces were just converged, so they carry the label exactly when the spec says.
    status.setNamespacesProtected(
        tenant.getSpec().isPreventDeletion() && !claim.usable().isEmpty());
    return status;
  }

  /**
   * How long to wait before trying Vault again: half the time it has been failing, between 5 s and
   * 5 min, so a short outage recovers fast and a long one is not hammered.
   */
  public static Duration vaultRetryDelay(Tenant tenant, Instant now) {
    Duration failing =
        current(tenant).stream()
            .filter(c -> VAULT_READY.equals(c.getType()) && "False".equals(c.getStatus()))
            .map(c -> Duration.between(Instant.parse(c.getLastTransitionTime()), now))
            .findFirst()
            .orElse(Duration.ZERO);
    Duration half = failing.dividedBy(2);
    return half.compareTo(MIN_RETRY) < 0
        ? MIN_RETRY
        : half.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : half;
  }

  private static VaultStatus previousVault(Tenant tenant) {
    return tenant.getStatus() == null ? null : tenant.getStatus().getVault();
  }

  /** Ready=False with the reason and message of a failure the operator will retry. */
  public static TenantStatus failed(Tenant tenant, String reason, String message, Instant now) {
    long generation = tenant.getMetadata().getGeneration();
    List<Condition> conditions =
        Conditions.with(current(tenant), Conditions.READY, false, reason, message, generation, now);
    List<String> namespaces =
        tenant.getStatus() == null ? List.of() : tenant.getStatus().getNamespaces();
    TenantStatus status = status(generation, conditions, namespaces);
    status.setVault(previousVault(tenant));
    // A reconcile that failed may have left the label where it was.
    status.setNamespacesProtected(
        tenant.getStatus() != null && tenant.getStatus().isNamespacesProtected()
            || tenant.getSpec().isPreventDeletion());
    return status;
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
