package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who may make the gateway's admin calls that write (adjustments, approvals, forwarding). */
public enum AdminAuthorization {
  /** Any holder of an admin token. */
  @JsonProperty("tokens")
  TOKENS,
  /** A token holder the tenant's policy decision point allows, by its TenantRoles. */
  @JsonProperty("policy")
  POLICY
}
