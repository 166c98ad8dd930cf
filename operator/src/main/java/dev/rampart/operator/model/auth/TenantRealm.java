package dev.rampart.operator.model.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.operator.api.auth.Auth;
import dev.rampart.operator.api.auth.AuthDeletionPolicy;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.SpecDurations;
import java.net.URI;
import java.util.Optional;

/**
 * A tenant's realm as Rampart wants it: the realm-level settings, as the fields of Keycloak's realm
 * representation. Rampart sets these and compares these; everything else in the realm is Keycloak's
 * default or the tenant's (users, their credentials).
 */
public final class TenantRealm {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Marks a realm as a tenant's: Rampart never changes or deletes a realm without it. */
  public static final String TENANT_ATTRIBUTE = "rampart.dev/tenant";

  /** What the realm's deletion policy was, so that removing spec.auth still honours it. */
  public static final String DELETION_POLICY_ATTRIBUTE = "rampart.dev/deletion-policy";

  /** The browser flow Rampart binds: a password, then a second factor for privileged roles. */
  public static final String BROWSER_FLOW = "rampart browser";

  /** How long failures count toward a lockout. */
  static final int FAILURE_RESET_SECONDS = 12 * 3600;

  private TenantRealm() {}

  public static String name(Tenant tenant) {
    return "tenant-" + tenant.getMetadata().getName();
  }

  public static String issuer(URI keycloak, String realm) {
    String base = keycloak.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/realms/" + realm;
  }

  public static Optional<AuthDeletionPolicy> deletionPolicy(ObjectNode realm) {
    String policy = realm.path("attributes").path(DELETION_POLICY_ATTRIBUTE).asText("");
    return policy.isEmpty()
        ? Optional.empty()
        : Optional.of(
            AuthDeletionPolicy.DELETE.name().equalsIgnoreCase(policy)
                ? AuthDeletionPolicy.DELETE
                : AuthDeletionPolicy.RETAIN);
  }

  /** Whether a realm read from Keycloak is this tenant's. */
  public static boolean belongsTo(ObjectNode realm, Tenant tenant) {
    return tenant
        .getMetadata()
        .getName()
        .equals(realm.path("attributes").path(TENANT_ATTRIBUTE).asText(null));
  }

  /** The realm-level fields Rampart sets, as the Admin REST API names them. */
  public static ObjectNode settings(Tenant tenant) {
    Auth auth = tenant.getSpec().getAuth();
    ObjectNode realm = JSON.createObjectNode();
    realm.put("realm", name(tenant));
    realm.put("enabled", true);
    realm.put("sslRequired", auth.getSslRequired().keycloakValue());
    // Self-service is the tenant's application's business, not an open door of its realm.
    realm.put("registrationAllowed", false);
    realm.put("editUsernameAllowed", false);
    realm.put("duplicateEmailsAllowed", false);
    realm.put("rememberMe", false);

    realm.put(
        "accessTokenLifespan", SpecDurations.seconds(auth.getTokens().getAccessTokenLifespan()));
    realm.put(
        "ssoSessionIdleTimeout",
        SpecDurations.seconds(auth.getTokens().getSsoSessionIdleTimeout()));
    realm.put(
        "ssoSessionMaxLifespan",
        SpecDurations.seconds(auth.getTokens().getSsoSessionMaxLifespan()));
    // A refresh token works once; a second use (a stolen copy) is refused and ends the session.
    realm.put("revokeRefreshToken", true);
    realm.put("refreshTokenMaxReuse", 0);

    realm.put("bruteForceProtected", true);
    realm.put("permanentLockout", false);
    realm.put("failureFactor", auth.getBruteForce().getFailureFactor());
    realm.put(
        "waitIncrementSeconds", SpecDurations.seconds(auth.getBruteForce().getWaitIncrement()));
    realm.put("maxFailureWaitSeconds", SpecDurations.seconds(auth.getBruteForce().getMaxWait()));
    realm.put("maxDeltaTimeSeconds", FAILURE_RESET_SECONDS);
    // Logins faster than a person types count as an attack at once, locking for a minute (or
    // the first wait, when shorter).
    realm.put("quickLoginCheckMilliSeconds", 1000);
    realm.put(
        "minimumQuickLoginWaitSeconds",
        Math.min(60, SpecDurations.seconds(auth.getBruteForce().getWaitIncrement())));

    realm.put("passwordPolicy", passwordPolicy(auth));

    realm.put("otpPolicyType", "totp");
    realm.put("otpPolicyAlgorithm", auth.getMfa().getOtpAlgorithm());
    realm.put("otpPolicyDigits", auth.getMfa().getOtpDigits());
    realm.put("otpPolicyPeriod", 30);
    realm.put("otpPolicyLookAheadWindow", 1);
    realm.put("webAuthnPolicyRpEntityName", tenant.getMetadata().getName());
    realm.put(
        "webAuthnPolicyUserVerificationRequirement", auth.getMfa().getWebAuthnUserVerification());

    realm.put("defaultSignatureAlgorithm", auth.getSigningKeys().getAlgorithm());
    realm.put("browserFlow", BROWSER_FLOW);

    ObjectNode attributes = realm.putObject("attributes");
    attributes.put(TENANT_ATTRIBUTE, tenant.getMetadata().getName());
    attributes.put(
        DELETION_POLICY_ATTRIBUTE,
        auth.getDeletionPolicy() == AuthDeletionPolicy.DELETE ? "Delete" : "Retain");
    attributes.put(LoginFlow.ACR_LOA_MAP_ATTRIBUTE, LoginFlow.ACR_LOA_MAP);
    return realm;
  }

  static String passwordPolicy(Auth auth) {
    String policy =
        "length(" + auth.getPasswords().getMinLength() + ") and notUsername and notEmail";
    int history = auth.getPasswords().getHistory();
    return history > 0 ? policy + " and passwordHistory(" + history + ")" : policy;
  }
}
