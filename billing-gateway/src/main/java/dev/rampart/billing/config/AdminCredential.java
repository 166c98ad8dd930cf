package dev.rampart.billing.config;

import java.util.List;

/**
 * Who holds an admin token, and how they authenticated before it was issued to them.
 *
 * @param name the caller's identity: ledger records, logs and the tenant's policy name it
 * @param amr RFC 8176 authentication methods, e.g. {@code hwk} for a hardware-key-backed token
 */
public record AdminCredential(String name, List<String> amr) {

  public AdminCredential {
    amr = List.copyOf(amr);
  }
}
