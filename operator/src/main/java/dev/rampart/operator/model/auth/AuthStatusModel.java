package dev.rampart.operator.model.auth;

import dev.rampart.operator.api.auth.AuthStatus;
import dev.rampart.operator.api.auth.SigningKeyStatus;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What status.auth says of a tenant's realm, and when to look again. */
public final class AuthStatusModel {

  public static final String CONVERGED = "Converged";
  public static final String NOT_CONFIGURED = "KeycloakNotConfigured";
  public static final String UNAVAILABLE = "AuthUnavailable";
  public static final String REFUSED = "AuthRefused";
  public static final String INVALID = "InvalidAuth";

  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private AuthStatusModel() {}

  public static Optional<AuthStatus> current(Tenant tenant) {
    return Optional.ofNullable(tenant.getStatus()).map(s -> s.getAuth());
  }

  public static AuthStatus converged(
      Tenant tenant, String issuer, List<SigningKeyStatus> keys, Instant now) {
    AuthStatus status = base(tenant, true, CONVERGED, "The realm is as spec.auth says.", now);
    status.setIssuer(issuer);
    status.setSigningKeys(keys);
    return status;
  }

  public static AuthStatus notConfigured(Tenant tenant, Instant now) {
    return base(
        tenant,
        false,
        NOT_CONFIGURED,
        "Rampart is not connected to Keycloak (RAMPART_KEYCLOAK_URL, chart values keycloak.*):"
            + " spec.auth has no effect.",
        now);
  }

  /** Keeps what was known (issuer, keys): a failure changes nothing in Keycloak. */
  public static AuthStatus failed(Tenant tenant, String reason, String message, Instant now) {
    AuthStatus status = base(tenant, false, reason, message, now);
    current(tenant)
        .ifPresent(
            previous -> {
              status.setIssuer(previous.getIssuer());
              status.setSigningKeys(previous.getSigningKeys());
            });
    return status;
  }

  /**
   * After a failure: 5 s, doubling for as long as the condition has said so, up to 5 min (a
   * Keycloak that is down is not asked a thousand times).
   */
  public static Duration retryDelay(Tenant tenant, Instant now) {
    Optional<String> since =
        current(tenant).stream()
            .flatMap(s -> s.getConditions().stream())
            .filter(c -> Conditions.READY.equals(c.getType()) && "False".equals(c.getStatus()))
            .map(c -> c.getLastTransitionTime())
            .findFirst();
    if (since.isEmpty()) {
      return FIRST_RETRY;
    }
    Duration failing = Duration.between(Instant.parse(since.get()), now);
    Duration delay = FIRST_RETRY;
    while (delay.compareTo(MAX_RETRY) < 0 && delay.compareTo(failing) < 0) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
  }

  private static AuthStatus base(
      Tenant tenant, boolean ready, String reason, String message, Instant now) {
    long generation = tenant.getMetadata().getGeneration();
    AuthStatus status = new AuthStatus();
    status.setRealm(TenantRealm.name(tenant));
    status.setObservedGeneration(generation);
    status.setConditions(
        Conditions.with(
            current(tenant).map(AuthStatus::getConditions).orElse(List.of()),
            Conditions.READY,
            ready,
            reason,
            message,
            generation,
            now));
    return status;
  }
}
