package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.vaultsecret.KvSource;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One key of a KV v2 entry of the namespace's tenant (the same paths a VaultSecret reads). */
public class VaultKey extends KvSource {

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('^[-._a-zA-Z0-9]+$')",
      message = "must be a KV key: letters, digits, '-', '_' and '.'")
  @JsonPropertyDescription("The key within the entry whose value is the secret.")
  private String key;

  public VaultKey() {}

  public VaultKey(String path, String key) {
    super(path, null);
    this.key = key;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
