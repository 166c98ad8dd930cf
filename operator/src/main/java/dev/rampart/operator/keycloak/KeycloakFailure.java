package dev.rampart.operator.keycloak;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * What went wrong talking to Keycloak, as a status condition may say it: unavailable (not reached,
 * or a server error: retry, change nothing) or refused (Keycloak said no), with Keycloak's own
 * error text, which names fields, never their secret values.
 */
public final class KeycloakFailure extends RuntimeException {

  private static final int MAX_DETAIL = 300;

  private final boolean unavailable;

  private KeycloakFailure(String message, boolean unavailable) {
    super(message, null, false, false);
    this.unavailable = unavailable;
  }

  public boolean unavailable() {
    return unavailable;
  }

  /** Something Keycloak has that Rampart must not change (or cannot find). */
  public static KeycloakFailure refused(String message) {
    return new KeycloakFailure(message, false);
  }

  /** A failure while doing {@code what}, e.g. "creating realm tenant-acme". */
  public static KeycloakFailure of(String what, RuntimeException e) {
    if (e instanceof KeycloakFailure failure) {
      return failure;
    }
    if (e instanceof WebApplicationException web) {
      Response response = web.getResponse();
      int status = response.getStatus();
      return new KeycloakFailure(
          what + " failed with HTTP " + status + errorText(response), status >= 500);
    }
    if (e instanceof ProcessingException) {
      return new KeycloakFailure(what + ": Keycloak is unreachable (" + rootCause(e) + ")", true);
    }
    throw e;
  }

  /** Keycloak's {"errorMessage": ...} or {"error_description": ...}, on one line. */
  private static String errorText(Response response) {
    try {
      if (!response.hasEntity()) {
        return "";
      }
      var body = response.readEntity(com.fasterxml.jackson.databind.JsonNode.class);
      String text =
          body.path("errorMessage")
              .asText(body.path("error_description").asText(""))
              .replaceAll("\\s+", " ")
              .trim();
      if (text.isEmpty()) {
        return "";
      }
      return ": " + (text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text);
    } catch (RuntimeException unreadable) {
      return "";
    }
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName();
  }
}
