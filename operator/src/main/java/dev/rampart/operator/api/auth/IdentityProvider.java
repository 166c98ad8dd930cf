package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.paymentwebhook.SecretKeyRef;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** An enterprise OpenID Connect provider whose users log in to the tenant's realm (SSO). */
public class IdentityProvider {

  @Required
  @Size(min = 1, max = 32)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The provider's name in the realm (a DNS label).")
  private String alias;

  @Required
  @Size(min = 1, max = 512)
  @ValidationRule(
      value = OidcUris.SECURE_URL_RULE,
      message = "issuer must be an https URL (http only for 127.0.0.1 or [::1])")
  @JsonPropertyDescription(
      "The provider's issuer; its endpoints are read from <issuer>/.well-known/openid-configuration.")
  private String issuer;

  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription("The client id the tenant's realm has at the provider.")
  private String clientId;

  @Required
  @JsonPropertyDescription(
      "The key of a Secret in the tenant's first namespace holding that client's secret.")
  private SecretKeyRef clientSecret;

  @Size(max = 64)
  @ValidationRule(
      value = "self.all(m, self.exists_one(n, n.group == m.group))",
      message = "a group may be mapped once")
  @JsonPropertyDescription(
      "Groups of the provider (its groups claim) that grant tenant roles, applied at every"
          + " login (so a user leaving the group loses the role).")
  private List<GroupMapping> groupMappings = new ArrayList<>();

  public String getAlias() {
    return alias;
  }

  public void setAlias(String alias) {
    this.alias = alias;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public SecretKeyRef getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(SecretKeyRef clientSecret) {
    this.clientSecret = clientSecret;
  }

  public List<GroupMapping> getGroupMappings() {
    return groupMappings;
  }

  public void setGroupMappings(List<GroupMapping> groupMappings) {
    this.groupMappings = groupMappings;
  }
}
