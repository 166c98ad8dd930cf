package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.vaultsecret.VaultSecretSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Lifespans of the realm's tokens and sessions. */
@ValidationRule(
    value = "duration(self.ssoSessionIdleTimeout) <= duration(self.ssoSessionMaxLifespan)",
    message = "ssoSessionIdleTimeout must not exceed ssoSessionMaxLifespan")
public class AuthTokens {

  @Size(max = 16)
  @Pattern(VaultSecretSpec.DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('1m') && duration(self) <= duration('15m')",
      message = "accessTokenLifespan must be between 1m and 15m: access tokens cannot be revoked")
  @Default("5m")
  @JsonPropertyDescription("How long an access token is valid, 1m to 15m. Default 5m.")
  private String accessTokenLifespan = "5m";

  @Size(max = 16)
  @Pattern(VaultSecretSpec.DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('1m') && duration(self) <= duration('24h')",
      message = "ssoSessionIdleTimeout must be between 1m and 24h")
  @Default("30m")
  @JsonPropertyDescription(
      "How long a login session lives without use (and so a refresh token), 1m to 24h. Default"
          + " 30m.")
  private String ssoSessionIdleTimeout = "30m";

  @Size(max = 16)
  @Pattern(VaultSecretSpec.DURATION)
  @ValidationRule(
      value = "duration(self) >= duration('5m') && duration(self) <= duration('720h')",
      message = "ssoSessionMaxLifespan must be between 5m and 720h")
  @Default("10h")
  @JsonPropertyDescription(
      "How long a login session lives at most, however it is used, 5m to 720h. Default 10h.")
  private String ssoSessionMaxLifespan = "10h";

  public String getAccessTokenLifespan() {
    return accessTokenLifespan;
  }

  public void setAccessTokenLifespan(String accessTokenLifespan) {
    this.accessTokenLifespan = accessTokenLifespan;
  }

  public String getSsoSessionIdleTimeout() {
    return ssoSessionIdleTimeout;
  }

  public void setSsoSessionIdleTimeout(String ssoSessionIdleTimeout) {
    this.ssoSessionIdleTimeout = ssoSessionIdleTimeout;
  }

  public String getSsoSessionMaxLifespan() {
    return ssoSessionMaxLifespan;
  }

  public void setSsoSessionMaxLifespan(String ssoSessionMaxLifespan) {
    this.ssoSessionMaxLifespan = ssoSessionMaxLifespan;
  }
}
