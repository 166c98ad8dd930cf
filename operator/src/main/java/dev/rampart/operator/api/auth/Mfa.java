package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The second factors of the realm: TOTP and WebAuthn. Users holding a TenantRole with requireMfa
 * must complete one of them at every login.
 */
public class Mfa {

  @Pattern("^(HmacSHA1|HmacSHA256|HmacSHA512)$")
  @Default("HmacSHA1")
  @JsonPropertyDescription(
      "The TOTP algorithm: HmacSHA1 (what most authenticator apps support), HmacSHA256 or"
          + " HmacSHA512. Default HmacSHA1.")
  private String otpAlgorithm = "HmacSHA1";

  @ValidationRule(value = "self == 6 || self == 8", message = "otpDigits must be 6 or 8")
  @Default("6")
  @JsonPropertyDescription("Digits of a TOTP code, 6 or 8. Default 6.")
  private int otpDigits = 6;

  @Pattern("^(required|preferred)$")
  @Default("required")
  @JsonPropertyDescription(
      "Whether a WebAuthn authenticator must verify the user (PIN, biometrics): required or"
          + " preferred. Default required.")
  private String webAuthnUserVerification = "required";

  public String getOtpAlgorithm() {
    return otpAlgorithm;
  }

  public void setOtpAlgorithm(String otpAlgorithm) {
    this.otpAlgorithm = otpAlgorithm;
  }

  public int getOtpDigits() {
    return otpDigits;
  }

  public void setOtpDigits(int otpDigits) {
    this.otpDigits = otpDigits;
  }

  public String getWebAuthnUserVerification() {
    return webAuthnUserVerification;
  }

  public void setWebAuthnUserVerification(String webAuthnUserVerification) {
    this.webAuthnUserVerification = webAuthnUserVerification;
  }
}
