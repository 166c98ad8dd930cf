package dev.rampart.billing.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Checks an incoming webhook's signature over its raw body, before anything parses it. Instances
 * are immutable and safe to share between threads.
 */
public interface WebhookVerifier {

  /** Signature headers longer than this are refused as malformed rather than parsed. */
  int MAX_SIGNATURE_HEADER_CHARS = 4096;

  /** Whether {@code body}, sent with {@code headers}, was signed by an active secret. */
  Verification verify(RequestHeaders headers, byte[] body, Instant now);

  /**
   * A verifier for {@code provider} that accepts signatures by any of {@code secrets} while they
   * are active, with timestamps at most {@code tolerance} away from the time of verification, for
   * bodies of at most {@code maxBodyBytes}.
   *
   * @throws IllegalArgumentException when a secret is malformed (the message names its position,
   *     never its value), there is no secret, the tolerance is negative or the size not positive
   */
  static WebhookVerifier create(
      Provider provider, List<SigningSecret> secrets, Duration tolerance, int maxBodyBytes) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(tolerance, "tolerance");
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one signing secret is required");
    }
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    long toleranceSeconds = tolerance.getSeconds();
    return switch (provider) {
      case STRIPE ->
          new StripeVerifier(
              SigningKeys.of(secrets, StripeVerifier::key), toleranceSeconds, maxBodyBytes);
      case STANDARD_WEBHOOKS ->
          new StandardWebhooksVerifier(
              SigningKeys.of(secrets, StandardWebhooksVerifier::key),
              toleranceSeconds,
              maxBodyBytes);
    };
  }
}
