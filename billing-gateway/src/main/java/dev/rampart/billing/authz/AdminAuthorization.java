package dev.rampart.billing.authz;

import dev.rampart.billing.config.AdminCredential;

/** Whether an authenticated admin may make an admin call; the gateway's own rules apply after. */
public interface AdminAuthorization {

  /** Without a policy decision point, holding an admin token is enough (as before policies). */
  AdminAuthorization ANY_ADMIN = (caller, action) -> true;

  /**
   * @throws PolicyUnavailableException when no decision could be had: the call is refused
   */
  boolean allows(AdminCredential caller, AdminAction action) throws PolicyUnavailableException;
}
