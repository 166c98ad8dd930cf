package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to a realm when its Tenant (or its spec.auth) goes. */
public enum AuthDeletionPolicy {
  /** The realm stays in Keycloak: its users and their credentials are data. */
  @JsonProperty("Retain")
  RETAIN,
  @JsonProperty("Delete")
  DELETE
}
