package dev.rampart.operator.model.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The realm's browser flow: an SSO cookie, a brokered login, or a password; then, for whoever holds
 * {@link RealmRoles#MFA_REQUIRED}, TOTP or WebAuthn. Each authenticator records what it proved (RFC
 * 8176: pwd, otp, hwk), which the tokens' amr claim carries.
 *
 * <p>A flow that drifted is not repaired in place (for a moment the bound flow would lack its
 * second factor): a fresh generation is built beside it, bound, and the old one deleted.
 */
public final class BrowserFlow {

  static final String PREFIX = "rampart browser ";

  /** One execution: an authenticator, or a subflow when {@code subflow} is set. */
  public record Step(
      int level,
      String parent,
      String authenticator,
      String subflow,
      String requirement,
      Map<String, String> config) {

    public boolean isSubflow() {
      return subflow != null;
    }

    /** What the Admin API lists for it: the authenticator's id, or the subflow's alias. */
    public String identity() {
      return isSubflow() ? subflow : authenticator;
    }
  }

  private BrowserFlow() {}

  public static String alias(long generation) {
    return PREFIX + generation;
  }

  /** The generation of a Rampart browser flow alias; empty for any other flow. */
  public static Optional<Long> generation(String alias) {
    if (alias == null || !alias.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(alias.substring(PREFIX.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The executions of flow {@code alias}, parents before children, in order. */
  public static List<Step> steps(String alias) {
    String forms = alias + " forms";
    String secondFactor = alias + " second factor";
    return List.of(
        new Step(0, alias, "auth-cookie", null, "ALTERNATIVE", Map.of()),
        new Step(0, alias, "identity-provider-redirector", null, "ALTERNATIVE", Map.of()),
        new Step(0, alias, null, forms, "ALTERNATIVE", Map.of()),
        new Step(1, forms, "auth-username-password-form", null, "REQUIRED", reference("pwd")),
        new Step(1, forms, null, secondFactor, "CONDITIONAL", Map.of()),
        new Step(
            2,
            secondFactor,
            "conditional-user-role",
            null,
            "REQUIRED",
            Map.of("condUserRole", RealmRoles.MFA_REQUIRED, "negate", "false")),
        // Required, not one of alternatives: a user who has no second factor yet is made to set
        // up TOTP at this login (alternatives that none is configured for fail the login).
        new Step(2, secondFactor, "auth-otp-form", null, "REQUIRED", reference("otp")));
  }

  /**
   * Whether the executions Keycloak lists for the flow (GET .../flows/{alias}/executions) are these
   * steps, with their configuration present.
   */
  public static boolean matches(String alias, List<JsonNode> executions) {
    List<Step> steps = steps(alias);
    if (executions.size() != steps.size()) {
      return false;
    }
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      JsonNode execution = executions.get(i);
      String identity =
          step.isSubflow()
              ? execution.path("displayName").asText()
              : execution.path("providerId").asText();
      boolean configured = !execution.path("authenticationConfig").asText("").isEmpty();
      if (execution.path("level").asInt(-1) != step.level()
          || !identity.equals(step.identity())
          || !execution.path("requirement").asText().equals(step.requirement())
          || configured != !step.config().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * How long what an authenticator proved stays in the session's tokens: as long as any session may
   * live (spec.auth.tokens.ssoSessionMaxLifespan is at most 720h); the session ends it first.
   * Without it Keycloak keeps the value for the very second of the login only.
   */
  static final long REFERENCE_MAX_AGE_SECONDS = 720 * 3600;

  /** The authenticator's amr value. */
  private static Map<String, String> reference(String method) {
    return Map.of(
        "default.reference.value",
        method,
        "default.reference.maxAge",
        Long.toString(REFERENCE_MAX_AGE_SECONDS));
  }
}
