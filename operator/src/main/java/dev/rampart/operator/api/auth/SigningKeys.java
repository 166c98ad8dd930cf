package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.vaultsecret.VaultSecretSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The realm's token-signing keys: one active key of the current generation, and the keys of earlier
 * generations kept passive (they verify, they do not sign) for the overlap, so tokens signed before
 * a rotation stay valid until they expire. A new generation rotates the key.
 */
public class SigningKeys {

  @Pattern("^(RS256|PS256|ES256)$")
  @Default("RS256")
  @JsonPropertyDescription("The signature algorithm: RS256, PS256 or ES256. Default RS256.")
  private String algorithm = "RS256";

  @Min(1)
  @Max(1_000_000)
  @Default("1")
  @JsonPropertyDescription(
      "The current key's generation. Raising it (by hand or by a KeyRotation) makes a new active"
          + " key; the previous one turns passive. Default 1.")
  private long generation = 1;

  @Size(max = 16)
  @Pattern(VaultSecretSpec.DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('15m')",
      message = "overlap must be at least 15m, longer than any access token lives")
  @Default("24h")
  @JsonPropertyDescription(
      "How long a replaced key still verifies; at least 15m (the longest access token). Default"
          + " 24h.")
  private String overlap = "24h";

  public String getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(String algorithm) {
    this.algorithm = algorithm;
  }

  public long getGeneration() {
    return generation;
  }

  public void setGeneration(long generation) {
    this.generation = generation;
  }

  public String getOverlap() {
    return overlap;
  }

  public void setOverlap(String overlap) {
    this.overlap = overlap;
  }
}
