package dev.rampart.operator.model.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The realm's login flows. The browser flow: an SSO cookie, a brokered login, or a password. The
 * post-broker flow runs after every login through an enterprise identity provider, whose own
 * factors Rampart cannot see. Both then ask whoever holds {@link RealmRoles#MFA_REQUIRED} for TOTP
 * or WebAuthn: one they have, or, when they have none yet, a TOTP they set up at that login.
 *
 * <p>Each authenticator records what it proved (RFC 8176: pwd, otp, hwk), which the tokens' amr
 * claim carries; the second factor raises the level of authentication to 2, which the tokens'
 * {@code acr} claim names {@value #MFA_ACR} (level 1 is {@code pwd}), the enrolling login included.
 *
 * <p>A flow that drifted is not repaired in place (for a moment the bound flow would lack its
 * second factor): a fresh generation is built beside it, bound, and the old one deleted.
 */
public enum LoginFlow {
  BROWSER(
      "rampart browser ",
      "browser flow",
      "Rampart: a password, and a second factor for roles that require MFA"),
  POST_BROKER(
      "rampart post broker ",
      "post-broker flow",
      "Rampart: after a brokered login, a second factor for roles that require MFA");

  /** The acr of a login that passed the second factor. */
  public static final String MFA_ACR = "mfa";

  /** The realm attribute mapping acr values to levels of authentication, and its value. */
  static final String ACR_LOA_MAP_ATTRIBUTE = "acr.loa.map";

  static final String ACR_LOA_MAP = "{\"pwd\":1,\"" + MFA_ACR + "\":2}";

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

  /**
   * How long what an authenticator proved stays in the session's tokens: as long as any session may
   * live (spec.auth.tokens.ssoSessionMaxLifespan is at most 720h); the session ends it first.
   * Without it Keycloak keeps the value for the very second of the login only.
   */
  static final long REFERENCE_MAX_AGE_SECONDS = 720 * 3600;

  private final String prefix;
  private final String label;
  private final String description;

  LoginFlow(String prefix, String label, String description) {
    this.prefix = prefix;
    this.label = label;
    this.description = description;
  }

  /** What the flow is called in the changes an Event reports. */
  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  public String alias(long generation) {
    return prefix + generation;
  }

  /** The generation of an alias of this kind of flow; empty for any other flow. */
  public Optional<Long> generation(String alias) {
    if (alias == null || !alias.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(alias.substring(prefix.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The newest flow of this kind among {@code aliases}; empty when there is none. */
  public Optional<String> newest(Collection<String> aliases) {
    return aliases.stream()
        .filter(alias -> generation(alias).isPresent())
        .max((a, b) -> Long.compare(generation(a).get(), generation(b).get()));
  }

  /** The executions of flow {@code alias}, parents before children, in order. */
  public List<Step> steps(String alias) {
    List<Step> steps = new ArrayList<>();
    if (this == BROWSER) {
      String forms = alias + " forms";
      steps.add(new Step(0, alias, "auth-cookie", null, "ALTERNATIVE", Map.of()));
      steps.add(new Step(0, alias, "identity-provider-redirector", null, "ALTERNATIVE", Map.of()));
      steps.add(new Step(0, alias, null, forms, "ALTERNATIVE", Map.of()));
      steps.add(
          new Step(1, forms, "auth-username-password-form", null, "REQUIRED", reference("pwd")));
      steps.addAll(secondFactor(1, forms, alias));
    } else {
      steps.addAll(secondFactor(0, alias, alias));
      // A flow whose executions were all skipped fails: this one lets the login through.
      steps.add(new Step(0, alias, "allow-access-authenticator", null, "REQUIRED", Map.of()));
    }
    return List.copyOf(steps);
  }

  /**
   * For holders of the marker role, at level of authentication 2: a factor they have (either), or
   * else TOTP set up now. Alternatives none of which is configured would fail the login, and a
   * required TOTP alone would make WebAuthn holders enrol TOTP too.
   */
  private static List<Step> secondFactor(int level, String parent, String alias) {
    String factor = alias + " second factor";
    String configured = alias + " configured";
    String enrol = alias + " enrol";
    String maxAge = Long.toString(REFERENCE_MAX_AGE_SECONDS);
    return List.of(
        new Step(level, parent, null, factor, "CONDITIONAL", Map.of()),
        new Step(
            level + 1,
            factor,
            "conditional-user-role",
            null,
            "REQUIRED",
            Map.of("condUserRole", RealmRoles.MFA_REQUIRED, "negate", "false")),
        new Step(
            level + 1,
            factor,
            "conditional-level-of-authentication",
            null,
            "REQUIRED",
            Map.of("loa-condition-level", "2", "loa-max-age", maxAge)),
        new Step(level + 1, factor, null, configured, "CONDITIONAL", Map.of()),
        new Step(level + 2, configured, "conditional-user-configured", null, "REQUIRED", Map.of()),
        new Step(level + 2, configured, "auth-otp-form", null, "ALTERNATIVE", reference("otp")),
        new Step(
            level + 2, configured, "webauthn-authenticator", null, "ALTERNATIVE", reference("hwk")),
        new Step(level + 1, factor, null, enrol, "CONDITIONAL", Map.of()),
        new Step(
            level + 2,
            enrol,
            "conditional-sub-flow-executed",
            null,
            "REQUIRED",
            Map.of("flow_to_check", configured, "check_result", "not-executed")),
        new Step(level + 2, enrol, "auth-otp-form", null, "REQUIRED", reference("otp")));
  }

  /**
   * Whether the executions Keycloak lists for the flow (GET .../flows/{alias}/executions) are these
   * steps, with their configuration present.
   */
  public boolean matches(String alias, List<JsonNode> executions) {
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

  /** The authenticator's amr value. */
  private static Map<String, String> reference(String method) {
    return Map.of(
        "default.reference.value",
        method,
        "default.reference.maxAge",
        Long.toString(REFERENCE_MAX_AGE_SECONDS));
  }
}
