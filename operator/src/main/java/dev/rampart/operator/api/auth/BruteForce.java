package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.vaultsecret.VaultSecretSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Credential-stuffing protection: Keycloak's brute-force detection, always on. */
@ValidationRule(
    value = "duration(self.waitIncrement) <= duration(self.maxWait)",
    message = "waitIncrement must not exceed maxWait")
public class BruteForce {

  @Min(1)
  @Max(20)
  @Default("5")
  @JsonPropertyDescription(
      "Failed logins after which the account is locked for waitIncrement, 1 to 20. Default 5.")
  private int failureFactor = 5;

  @Size(max = 16)
  @Pattern(VaultSecretSpec.DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('1s') && duration(self) <= duration('1h')",
      message = "waitIncrement must be between 1s and 1h")
  @Default("1m")
  @JsonPropertyDescription(
      "How long the first lockout lasts; each further failure adds as much again. Default 1m.")
  private String waitIncrement = "1m";

  @Size(max = 16)
  @Pattern(VaultSecretSpec.DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('1s') && duration(self) <= duration('24h')",
      message = "maxWait must be between 1s and 24h")
  @Default("15m")
  @JsonPropertyDescription("The longest a lockout lasts. Default 15m.")
  private String maxWait = "15m";

  public int getFailureFactor() {
    return failureFactor;
  }

  public void setFailureFactor(int failureFactor) {
    this.failureFactor = failureFactor;
  }

  public String getWaitIncrement() {
    return waitIncrement;
  }

  public void setWaitIncrement(String waitIncrement) {
    this.waitIncrement = waitIncrement;
  }

  public String getMaxWait() {
    return maxWait;
  }

  public void setMaxWait(String maxWait) {
    this.maxWait = maxWait;
  }
}
