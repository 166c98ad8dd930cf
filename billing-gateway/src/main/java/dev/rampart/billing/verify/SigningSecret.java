package dev.rampart.billing.verify;

import java.time.Instant;
import java.util.Objects;

/**
 * A secret that signs incoming webhooks: Stripe's {@code whsec_...} used as-is, or Standard
 * Webhooks' {@code whsec_} + base64 key. It stops verifying once {@code validUntil} has passed
 * ({@code null}: never), which lets a previous secret overlap the current one during rotation.
 */
public record SigningSecret(String value, Instant validUntil) {

  public SigningSecret {
    Objects.requireNonNull(value, "value");
  }

  /** Whether the secret still verifies at {@code now} (until and including {@code validUntil}). */
  boolean activeAt(Instant now) {
    return validUntil == null || !now.isAfter(validUntil);
  }

  @Override
  public String toString() {
    return "SigningSecret[value=<redacted>, validUntil=" + validUntil + "]";
  }
}
