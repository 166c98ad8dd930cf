package dev.rampart.operator.keycloak;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How Rampart reaches Keycloak: as a client of the master realm, by client credentials. That client
 * needs the master realm role {@code create-realm} only; Keycloak makes the creator of a realm its
 * administrator, so Rampart administers the realms it made and no other.
 *
 * @param url Keycloak's base URL, e.g. https://keycloak.auth.svc:8443
 * @param caFile PEM bundle to trust for Keycloak's certificate; empty for the JVM's default trust
 * @param clientId the master-realm client Rampart authenticates as
 * @param clientSecret its secret (from a Secret, through the environment)
 * @param timeout per request
 * @param resync how often each realm is read again to find changes made behind Rampart's back
 */
public record KeycloakConfig(
    URI url,
    Optional<Path> caFile,
    String clientId,
    String clientSecret,
    Duration timeout,
    Duration resync) {

  /** Never the secret. */
  @Override
  public String toString() {
    return "KeycloakConfig[url=" + url + ", clientId=" + clientId + "]";
  }
}
