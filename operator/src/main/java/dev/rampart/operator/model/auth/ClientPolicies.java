package dev.rampart.operator.model.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.operator.api.auth.ClientSecretRotation;
import java.util.Optional;

/**
 * The realm's client policy: one profile that every client obeys (condition any-client), so no
 * client, however it was created, can skip PKCE, use the implicit or password grant, or register a
 * wildcard or plain-http redirect; and, when the tenant asks, no secret outlives its maxAge.
 */
public final class ClientPolicies {

  public static final String NAME = "rampart";

  private ClientPolicies() {}

  /**
   * The body of PUT .../client-policies/profiles; with {@code rotation}, confidential clients'
   * secrets expire at its maxAge and a replaced one works for its overlap.
   */
  public static ObjectNode profiles(Optional<ClientSecretRotation> rotation) {
    ObjectNode body = TenantRealm.JSON.createObjectNode();
    ObjectNode profile = body.putArray("profiles").addObject();
    profile.put("name", NAME);
    profile.put("description", "Rampart: OAuth 2.1 for every client of the tenant's realm");
    ArrayNode executors = profile.putArray("executors");
    // auto-configure off: a client that does not comply is refused, not silently changed.
    executor(executors, "pkce-enforcer").put("auto-configure", false);
    executor(executors, "reject-implicit-grant").put("auto-configure", false);
    executor(executors, "reject-ropc-grant").put("auto-configure", false);
    ObjectNode redirects = executor(executors, "secure-redirect-uris-enforcer");
    // OAuth 2.1's rules: https, or http to a loopback address without a port (the native app's
    // port varies and is not matched); allow-http-scheme only lets the loopback case through.
    redirects.put("oauth-2-1-compliant", true);
    redirects.put("allow-ipv4-loopback-address", true);
    redirects.put("allow-ipv6-loopback-address", true);
    redirects.put("allow-http-scheme", true);
    redirects.put("allow-wildcard-context-path", false);
    redirects.put("allow-open-redirect", false);
    redirects.put("allow-private-use-uri-scheme", false);
    rotation.ifPresent(
        r -> {
          ObjectNode secrets = executor(executors, "secret-rotation");
          secrets.put("expiration-period", ClientSecretSchedule.maxAge(r).toSeconds());
          secrets.put("rotated-expiration-period", ClientSecretSchedule.overlap(r).toSeconds());
          // Only dynamic client registration rotates by it; Rampart's own schedule is the same.
          secrets.put("remaining-rotation-period", ClientSecretSchedule.overlap(r).toSeconds());
        });
    return body;
  }

  /** The body of PUT .../client-policies/policies. */
  public static ObjectNode policies() {
    ObjectNode body = TenantRealm.JSON.createObjectNode();
    ObjectNode policy = body.putArray("policies").addObject();
    policy.put("name", NAME);
    policy.put("description", "Rampart: the rampart profile applies to every client");
    policy.put("enabled", true);
    ObjectNode condition = policy.putArray("conditions").addObject();
    condition.put("condition", "any-client");
    condition.putObject("configuration").put("is-negative-logic", false);
    policy.putArray("profiles").add(NAME);
    return body;
  }

  private static ObjectNode executor(ArrayNode executors, String id) {
    ObjectNode executor = executors.addObject();
    executor.put("executor", id);
    return executor.putObject("configuration");
  }
}
