package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which requests to the tenant's realm must use TLS (Keycloak's sslRequired). */
public enum SslRequired {
  @JsonProperty("all")
  ALL("all"),
  /** Private addresses (a cluster's own network) may use plain HTTP. */
  @JsonProperty("external")
  EXTERNAL("external");

  private final String keycloakValue;

  SslRequired(String keycloakValue) {
    this.keycloakValue = keycloakValue;
  }

  public String keycloakValue() {
    return keycloakValue;
  }
}
