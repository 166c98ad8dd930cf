package dev.rampart.billing.config;

import java.util.List;
import java.util.Optional;

/**
 * Who holds an admin token (a static one from {@code adminTokensFile}, or an access token of the
 * tenant's realm), and how they authenticated before it was issued to them.
 *
 * @param name the caller's identity: ledger records, logs and the tenant's policy name it
 * @param roles the roles the token grants; the policy's data may bind more to the name
 * @param groups the groups the token names the caller a member of
 * @param amr RFC 8176 authentication methods, e.g. {@code hwk} for a hardware-key-backed token
 * @param acr the authentication context class the issuer states (OIDC {@code acr})
 */
public record AdminCredential(
    String name, List<String> roles, List<String> groups, List<String> amr, Optional<String> acr) {

  public AdminCredential {
    roles = List.copyOf(roles);
    groups = List.copyOf(groups);
    amr = List.copyOf(amr);
  }

  /** The holder of a static token, which carries neither roles, groups nor an acr. */
  public AdminCredential(String name, List<String> amr) {
    this(name, List.of(), List.of(), amr, Optional.empty());
  }
}
