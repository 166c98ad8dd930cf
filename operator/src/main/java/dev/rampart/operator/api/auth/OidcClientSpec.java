package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@ValidationRule(
    value = "self.type == 'confidential' || !self.serviceAccount",
    message = "only a confidential client can have a service account (client credentials)")
@ValidationRule(
    value = "self.type == 'confidential' || !has(self.vault)",
    message = "only a confidential client has a secret to write to Vault")
@ValidationRule(
    value = "!has(self.vault) || !has(self.secretName)",
    message = "a client's credentials go to a Secret (secretName) or to Vault (vault), not both")
@ValidationRule(
    value = "self.serviceAccount || size(self.redirectUris) > 0",
    message = "redirectUris must name at least one URI (or the client needs a service account)")
public class OidcClientSpec {

  /** The scopes a client may ask for; offline_access is left out: offline tokens never expire. */
  static final String SCOPES = "^(profile|email|phone|address)$";

  @Required
  @JsonPropertyDescription(
      "public (a browser or mobile app: PKCE only) or confidential (a server: a client secret"
          + " as well).")
  private OidcClientType type;

  @Size(max = 32)
  @ValidationRule(
      value = "self.all(u, self.exists_one(v, v == u))",
      message = "redirectUris must not repeat")
  @ValidationRule(
      value = OidcUris.SECURE_REDIRECTS_RULE,
      message =
          "a redirect URI must be an https URL without wildcards, or http to 127.0.0.1 or [::1]"
              + " without a port (OAuth 2.1: any port matches)")
  @JsonPropertyDescription(
      "Where the realm may send a user back after login, exactly (no wildcards): https URLs, or"
          + " http to 127.0.0.1 or [::1] without a port (a native app; any port then matches).")
  private List<@Size(min = 1, max = 512) String> redirectUris = new ArrayList<>();

  @Size(max = 32)
  @ValidationRule(
      value = OidcUris.ORIGINS_RULE,
      message =
          "a web origin must be https://host[:port] without path or wildcard (http only for"
              + " 127.0.0.1, ::1 or localhost)")
  @JsonPropertyDescription(
      "Origins allowed to call the realm from a browser (CORS), exactly: https://host[:port], or"
          + " http only for 127.0.0.1, ::1 or localhost. No wildcards; none by default.")
  private List<@Size(min = 1, max = 255) String> webOrigins = new ArrayList<>();

  @Required
  @Size(min = 1, max = 4)
  @ValidationRule(
      value = "self.all(s, self.exists_one(t, t == s))",
      message = "scopes must not repeat")
  @JsonPropertyDescription(
      "The scopes the client may request besides openid (its tokens always carry the realm roles):"
          + " profile, email, phone,"
          + " address. At least one; offline_access is never granted.")
  private List<@io.fabric8.generator.annotation.Pattern(SCOPES) String> scopes = new ArrayList<>();

  @JsonPropertyDescription(
      "Whether the client may get tokens for itself (client credentials), for a confidential"
          + " client.")
  private boolean serviceAccount;

  @Size(max = 253)
  @ValidationRule(
      value = "self.matches('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$')",
      message = "secretName must be a Secret name (a DNS subdomain)")
  @JsonPropertyDescription(
      "The Secret, in this namespace, Rampart writes a confidential client's id and secret to"
          + " (keys client-id, client-secret, issuer). Default <name>-oidc.")
  private String secretName;

  @JsonPropertyDescription(
      "Write a confidential client's credentials (keys client-id, client-secret, issuer) to this"
          + " entry of the tenant's Vault KV instead of a Secret, as the tenant: a new version"
          + " whenever they change. Needs Rampart connected to Vault.")
  private ClientSecretVault vault;

  public ClientSecretVault getVault() {
    return vault;
  }

  public void setVault(ClientSecretVault vault) {
    this.vault = vault;
  }

  public OidcClientType getType() {
    return type;
  }

  public void setType(OidcClientType type) {
    this.type = type;
  }

  public List<String> getRedirectUris() {
    return redirectUris;
  }

  public void setRedirectUris(List<String> redirectUris) {
    this.redirectUris = redirectUris;
  }

  public List<String> getWebOrigins() {
    return webOrigins;
  }

  public void setWebOrigins(List<String> webOrigins) {
    this.webOrigins = webOrigins;
  }

  public List<String> getScopes() {
    return scopes;
  }

  public void setScopes(List<String> scopes) {
    this.scopes = scopes;
  }

  public boolean isServiceAccount() {
    return serviceAccount;
  }

  public void setServiceAccount(boolean serviceAccount) {
    this.serviceAccount = serviceAccount;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
