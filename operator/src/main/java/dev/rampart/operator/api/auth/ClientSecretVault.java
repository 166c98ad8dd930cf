package dev.rampart.operator.api.auth;

import dev.rampart.operator.api.vaultsecret.KvSource;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The tenant's KV v2 entry a confidential client's credentials are written to, as a new version
 * whenever they change; the same paths a VaultSecret reads.
 */
@ValidationRule(
    value = "!has(self.version)",
    message = "vault.version has no meaning here: each new secret is written as a new version")
public class ClientSecretVault extends KvSource {

  public ClientSecretVault() {}

  public ClientSecretVault(String path) {
    super(path, null);
  }
}
