package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

public class SigningKeyStatus {

  @JsonPropertyDescription("The key's generation (spec.auth.signingKeys.generation).")
  private long generation;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyDescription(
      "When a newer generation replaced it (RFC 3339); absent for the active key. It verifies"
          + " until this time plus the overlap, then it is removed.")
  private String retiredAt;

  public SigningKeyStatus() {}

  public SigningKeyStatus(long generation, String retiredAt) {
    this.generation = generation;
    this.retiredAt = retiredAt;
  }

  public long getGeneration() {
    return generation;
  }

  public void setGeneration(long generation) {
    this.generation = generation;
  }

  public String getRetiredAt() {
    return retiredAt;
  }

  public void setRetiredAt(String retiredAt) {
    this.retiredAt = retiredAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKeyStatus other
        && generation == other.generation
        && Objects.equals(retiredAt, other.retiredAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(generation, retiredAt);
  }
}
