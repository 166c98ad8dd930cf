package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.vaultsecret.VaultSecretSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How long a confidential client's secret lives, and how long the one it replaced still works. The
 * realm refuses a secret older than maxAge; Rampart replaces it when only the overlap is left, so
 * the replaced one stops working exactly at maxAge and applications have the overlap to reload.
 */
@ValidationRule(
    value =
        "!self.maxAge.matches('"
            + VaultSecretSpec.DURATION
            + "')"
            + " || !self.overlap.matches('"
            + VaultSecretSpec.DURATION
            + "')"
            + " || duration(self.overlap) + duration(self.overlap) <= duration(self.maxAge)",
    message =
        "overlap must be at most half of maxAge, or secrets would be replaced as fast as"
            + " they are made")
public class ClientSecretRotation {

  @Size(max = 16)
  @Pattern(VaultSecretSpec.DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('1h') && duration(self) <= duration('8760h')",
      message = "maxAge must be between 1h and 8760h (a year)")
  @Default("2160h")
  @JsonPropertyDescription(
      "The longest a client secret is accepted, 1h to 8760h; Rampart replaces it at maxAge minus"
          + " overlap. Default 2160h (90 days).")
  private String maxAge = "2160h";

  @Size(max = 16)
  @Pattern(VaultSecretSpec.DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('1m')",
      message = "overlap must be at least 1m, for applications to read the new secret")
  @Default("24h")
  @JsonPropertyDescription(
      "How long a replaced secret still works, at least 1m and at most half of maxAge: the time"
          + " applications have to read the new one from their Secret. Default 24h.")
  private String overlap = "24h";

  public String getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(String maxAge) {
    this.maxAge = maxAge;
  }

  public String getOverlap() {
    return overlap;
  }

  public void setOverlap(String overlap) {
    this.overlap = overlap;
  }
}
