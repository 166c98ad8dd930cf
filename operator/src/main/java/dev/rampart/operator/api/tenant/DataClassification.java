package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Sensitivity classes, least to most sensitive. */
public enum DataClassification {
  @JsonProperty("public")
  PUBLIC,
  @JsonProperty("internal")
  INTERNAL,
  @JsonProperty("confidential")
  CONFIDENTIAL,
  @JsonProperty("restricted")
  RESTRICTED;

  /** The value as written in YAML and in namespace labels. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
