package dev.rampart.billing.verify;

import static dev.rampart.billing.verify.RefusalReason.MALFORMED_SIGNATURE;
import static dev.rampart.billing.verify.RefusalReason.MISSING_SIGNATURE;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Stripe's scheme: {@code Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>...]}, each {@code v1} an
 * HMAC-SHA256 of {@code "<t>.<body>"} keyed with the secret's UTF-8 bytes; any {@code v1} may
 * match, and other schemes ({@code v0}, ...) and {@code v1} values that are not 64 lower-case hex
 * digits are ignored.
 */
final class StripeVerifier implements WebhookVerifier {

  static final String HEADER = "stripe-signature";

  private final SigningKeys keys;
  private final long toleranceSeconds;
  private final int maxBodyBytes;

  StripeVerifier(SigningKeys keys, long toleranceSeconds, int maxBodyBytes) {
    this.keys = keys;
    this.toleranceSeconds = toleranceSeconds;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Stripe keys the HMAC with the secret exactly as given, {@code whsec_} prefix included. */
  static byte[] key(String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the Stripe secret is empty");
    }
    if (!secret.strip().equals(secret)) {
      throw new IllegalArgumentException("the Stripe secret has surrounding whitespace");
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Verification verify(RequestHeaders headers, byte[] body, Instant now) {
    if (body.length > maxBodyBytes) {
      return Refused.of(RefusalReason.OVERSIZED);
    }
    String header = headers.first(HEADER);
    if (header == null) {
      return Refused.of(MISSING_SIGNATURE);
    }
    int length = header.length();
    if (length == 0 || length > MAX_SIGNATURE_HEADER_CHARS) {
      return Refused.of(MALFORMED_SIGNATURE);
    }
    long timestamp = HeaderSyntax.MALFORMED;
    int timestampStart = 0;
    int timestampEnd = 0;
    Candidates candidates = new Candidates();
    int start = 0;
    while (true) {
      int end = header.indexOf(',', start);
      if (end < 0) {
        end = length;
      }
      int equals = header.indexOf('=', start);
      if (equals <= start || equals >= end) {
        return Refused.of(MALFORMED_SIGNATURE); // an empty element, or one that is not key=value
      }
      int keyLength = equals - start;
      if (keyLength == 1 && header.charAt(start) == 't') {
        if (timestamp != HeaderSyntax.MALFORMED) {
          return Refused.of(MALFORMED_SIGNATURE); // two timestamps: which one was signed?
        }
        timestamp = HeaderSyntax.timestamp(header, equals + 1, end);
        if (timestamp == HeaderSyntax.MALFORMED) {
          return Refused.of(MALFORMED_SIGNATURE);
        }
        timestampStart = equals + 1;
        timestampEnd = end;
      } else if (keyLength == 2 && header.startsWith("v1", start)) {
        // A v1 that is not an HMAC matches nothing, and does not veto the others.
        byte[] signature = HeaderSyntax.lowerHexHmac(header, equals + 1, end);
        if (signature != null) {
          candidates.add(signature);
        }
      }
      if (end == length) {
        break;
      }
      start = end + 1;
    }
    if (timestamp == HeaderSyntax.MALFORMED || candidates.isEmpty()) {
      return Refused.of(MALFORMED_SIGNATURE);
    }
    // The signed prefix "<t>." straight from the header's ASCII digits.
    byte[] prefix = new byte[timestampEnd - timestampStart + 1];
    for (int i = timestampStart; i < timestampEnd; i++) {
      prefix[i - timestampStart] = (byte) header.charAt(i);
    }
    prefix[prefix.length - 1] = '.';
    if (!keys.anyMatches(now, prefix, body, candidates)) {
      return Refused.of(RefusalReason.FORGED);
    }
    RefusalReason outside = HeaderSyntax.outsideTolerance(timestamp, now, toleranceSeconds);
    return outside == null ? new Verified(null, timestamp) : Refused.of(outside);
  }
}
