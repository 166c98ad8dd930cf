package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

public class Encryption {

  @Size(max = 16)
  @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
  @ValidationRule(
      value = "duration(self) >= duration('1h')",
      message = "keyRotationPeriod must be at least 1h (e.g. 720h for 30 days)")
  @JsonPropertyDescription(
      "How often Vault rotates the tenant's transit key (envelope encryption), e.g. 720h. Old"
          + " key versions stay available for decryption. Default 720h.")
  private String keyRotationPeriod = "720h";

  public String getKeyRotationPeriod() {
    return keyRotationPeriod;
  }

  public void setKeyRotationPeriod(String keyRotationPeriod) {
    this.keyRotationPeriod = keyRotationPeriod;
  }
}
