package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's Keycloak realm. What is not here is not negotiable: every client obeys PKCE with
 * S256, exact redirect URIs and no implicit or password grants; refresh tokens rotate and a reused
 * one ends its session; brute-force detection is on.
 */
public class Auth {

  @Default("all")
  @JsonPropertyDescription(
      "Which requests must use TLS: all (default) or external (plain HTTP from private addresses).")
  private SslRequired sslRequired = SslRequired.ALL;

  @JsonPropertyDescription("Token and session lifespans.")
  private AuthTokens tokens = new AuthTokens();

  @JsonPropertyDescription("Lockout after failed logins.")
  private BruteForce bruteForce = new BruteForce();

  @JsonPropertyDescription("The password policy.")
  private PasswordRules passwords = new PasswordRules();

  @JsonPropertyDescription("TOTP and WebAuthn, required of users holding a requireMfa role.")
  private Mfa mfa = new Mfa();

  @Size(max = 8)
  @ValidationRule(
      value = "self.all(p, self.exists_one(q, q.alias == p.alias))",
      message = "identity provider aliases must be unique")
  @JsonPropertyDescription("Enterprise OpenID Connect providers brokered into the realm (SSO).")
  private List<IdentityProvider> identityProviders = new ArrayList<>();

  @JsonPropertyDescription("The token-signing keys and their rotation.")
  private SigningKeys signingKeys = new SigningKeys();

  @JsonPropertyDescription(
      "Scheduled replacement of confidential clients' secrets with an overlap, the replaced one"
          + " still working for a while. Absent: secrets do not expire. Needs Keycloak's"
          + " client-secret-rotation feature (kc.sh --features=client-secret-rotation).")
  private ClientSecretRotation clientSecretRotation;

  @Default("Retain")
  @JsonPropertyDescription(
      "What happens to the realm when the Tenant goes or spec.auth is removed: Retain (default;"
          + " its users are data) or Delete.")
  private AuthDeletionPolicy deletionPolicy = AuthDeletionPolicy.RETAIN;

  public SslRequired getSslRequired() {
    return sslRequired;
  }

  public void setSslRequired(SslRequired sslRequired) {
    this.sslRequired = sslRequired;
  }

  public AuthTokens getTokens() {
    return tokens;
  }

  public void setTokens(AuthTokens tokens) {
    this.tokens = tokens;
  }

  public BruteForce getBruteForce() {
    return bruteForce;
  }

  public void setBruteForce(BruteForce bruteForce) {
    this.bruteForce = bruteForce;
  }

  public PasswordRules getPasswords() {
    return passwords;
  }

  public void setPasswords(PasswordRules passwords) {
    this.passwords = passwords;
  }

  public Mfa getMfa() {
    return mfa;
  }

  public void setMfa(Mfa mfa) {
    this.mfa = mfa;
  }

  public List<IdentityProvider> getIdentityProviders() {
    return identityProviders;
  }

  public void setIdentityProviders(List<IdentityProvider> identityProviders) {
    this.identityProviders = identityProviders;
  }

  public SigningKeys getSigningKeys() {
    return signingKeys;
  }

  public void setSigningKeys(SigningKeys signingKeys) {
    this.signingKeys = signingKeys;
  }

  public ClientSecretRotation getClientSecretRotation() {
    return clientSecretRotation;
  }

  public void setClientSecretRotation(ClientSecretRotation clientSecretRotation) {
    this.clientSecretRotation = clientSecretRotation;
  }

  public AuthDeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(AuthDeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
