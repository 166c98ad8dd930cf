package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.tenant.VaultStatus;

/**
 * What converging a tenant's Vault state gave: the facts for the status, or why it could not be
 * done ({@code reason} is {@code VaultUnavailable} when Vault did not answer, {@code VaultRefused}
 * when it refused, {@code NoNamespace} when the tenant owns no namespace to bind a role to).
 */
public record VaultOutcome(boolean ready, String reason, String message, VaultStatus facts) {

  public static VaultOutcome converged(VaultStatus facts) {
    return new VaultOutcome(
        true, "Converged", "transit key, policy and kubernetes-auth role are in place", facts);
  }

  /** Nothing is created in Vault for a tenant that owns none of its declared namespaces. */
  public static VaultOutcome noNamespace() {
    return failed(
        "NoNamespace",
        "the tenant owns none of its declared namespaces; nothing is created in Vault until it"
            + " does");
  }

  public static VaultOutcome failed(String reason, String message) {
    return new VaultOutcome(false, reason, message, null);
  }
}
