package dev.rampart.operator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Vault token obtained through the kubernetes auth method with a service-account JWT, logged in
 * again once two thirds of its lifetime have passed, so callers always get a valid token.
 */
public final class KubernetesAuthToken implements VaultToken {

  private final VaultHttpClient vault;
  private final String mount;
  private final String role;
  private final Supplier<String> jwt;
  private final Clock clock;
  private String token;
  private Instant refreshAt = Instant.MIN;

  public KubernetesAuthToken(
      VaultHttpClient vault, String mount, String role, Supplier<String> jwt, Clock clock) {
    this.vault = vault;
    this.mount = mount;
    this.role = role;
    this.jwt = jwt;
    this.clock = clock;
  }

  @Override
  public synchronized String get() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(refreshAt)) {
      JsonNode auth =
          vault.login("auth/" + mount + "/login", Map.of("role", role, "jwt", jwt.get()));
      token = auth.path("client_token").asText();
      long ttl = auth.path("lease_duration").asLong();
      refreshAt = now.plus(Duration.ofSeconds(ttl * 2 / 3));
    }
    return token;
  }

  @Override
  public synchronized void invalidate() {
    token = null;
  }
}
