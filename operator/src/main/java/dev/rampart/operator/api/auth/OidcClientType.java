package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum OidcClientType {
  /** A browser or mobile app, which cannot keep a secret: Authorization Code with PKCE only. */
  @JsonProperty("public")
  PUBLIC,
  /** A server, authenticated by a client secret as well as PKCE. */
  @JsonProperty("confidential")
  CONFIDENTIAL
}
