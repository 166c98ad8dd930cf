package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value = "has(self.vault) != has(self.secretRef)",
    message =
        "signingSecret must have exactly one of vault (a KV entry of the tenant) or secretRef (a"
            + " Secret in this namespace)")
public class SigningSecret {

  @JsonPropertyDescription(
      "A key of a KV v2 entry of the namespace's tenant (secret/data/tenants/<tenant>/<path>),"
          + " read with the tenant's own Vault login. A new KV version is a new secret version.")
  private VaultKey vault;

  @JsonPropertyDescription(
      "A key of a Secret in this namespace. A new value is a new secret version.")
  private SecretKeyRef secretRef;

  public SigningSecret() {}

  public SigningSecret(VaultKey vault) {
    this.vault = vault;
  }

  public SigningSecret(SecretKeyRef secretRef) {
    this.secretRef = secretRef;
  }

  public VaultKey getVault() {
    return vault;
  }

  public void setVault(VaultKey vault) {
    this.vault = vault;
  }

  public SecretKeyRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretKeyRef secretRef) {
    this.secretRef = secretRef;
  }
}
