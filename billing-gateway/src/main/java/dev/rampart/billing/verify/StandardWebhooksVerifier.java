package dev.rampart.billing.verify;

import static dev.rampart.billing.verify.RefusalReason.MALFORMED_SIGNATURE;
import static dev.rampart.billing.verify.RefusalReason.MISSING_SIGNATURE;

import dev.rampart.billing.event.EventIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Standard Webhooks scheme: headers {@code webhook-id}, {@code webhook-timestamp} and {@code
 * webhook-signature} (space-separated {@code <version>,<signature>} entries; other versions, and
 * {@code v1} entries that are not a base64 HMAC, are ignored), each {@code v1} an HMAC-SHA256 of
 * {@code "<id>.<timestamp>.<body>"} keyed with the base64 part of a {@code whsec_} secret.
 */
final class StandardWebhooksVerifier implements WebhookVerifier {

  static final String ID_HEADER = "webhook-id";
  static final String TIMESTAMP_HEADER = "webhook-timestamp";
  static final String SIGNATURE_HEADER = "webhook-signature";

  private static final String SECRET_PREFIX = "whsec_";

  private final SigningKeys keys;
  private final long toleranceSeconds;
  private final int maxBodyBytes;

  StandardWebhooksVerifier(SigningKeys keys, long toleranceSeconds, int maxBodyBytes) {
    this.keys = keys;
    this.toleranceSeconds = toleranceSeconds;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The HMAC key of a {@code whsec_<base64>} secret. */
  static byte[] key(String secret) {
    if (!secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("a Standard Webhooks secret must start with whsec_");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      // Not chained: the decoder's message quotes the offending character of the secret.
      throw new IllegalArgumentException("a Standard Webhooks secret must be whsec_ and base64");
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("the Standard Webhooks secret's key is empty");
    }
    return key;
  }

  /** The bytes signed ahead of the body: {@code "<id>.<timestamp>."}. */
  static byte[] signedPrefix(String id, String timestamp) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = Arrays.copyOf(idBytes, idBytes.length + timestamp.length() + 2);
    prefix[idBytes.length] = '.';
    for (int i = 0; i < timestamp.length(); i++) {
      prefix[idBytes.length + 1 + i] = (byte) timestamp.charAt(i);
    }
    prefix[prefix.length - 1] = '.';
    return prefix;
  }

  @Override
  public Verification verify(RequestHeaders headers, byte[] body, Instant now) {
    if (body.length > maxBodyBytes) {
      return Refused.of(RefusalReason.OVERSIZED);
    }
    String id = headers.first(ID_HEADER);
    String timestampHeader = headers.first(TIMESTAMP_HEADER);
    String header = headers.first(SIGNATURE_HEADER);
    if (id == null || timestampHeader == null || header == null) {
      return Refused.of(MISSING_SIGNATURE);
    }
    if (!EventIdentity.isValid(id)) {
      return Refused.of(MALFORMED_SIGNATURE); // an id the ledger could not store exactly
    }
    long timestamp = HeaderSyntax.timestamp(timestampHeader, 0, timestampHeader.length());
    if (timestamp == HeaderSyntax.MALFORMED) {
      return Refused.of(MALFORMED_SIGNATURE);
    }
    int length = header.length();
    if (length == 0 || length > MAX_SIGNATURE_HEADER_CHARS) {
      return Refused.of(MALFORMED_SIGNATURE);
    }
    Candidates candidates = new Candidates();
    int start = 0;
    while (true) {
      int end = header.indexOf(' ', start);
      if (end < 0) {
        end = length;
      }
      int comma = header.indexOf(',', start);
      if (comma <= start || comma >= end) {
        return Refused.of(MALFORMED_SIGNATURE); // an empty entry, or one without a version
      }
      if (comma - start == 2 && header.startsWith("v1", start)) {
        // A v1 that is not an HMAC matches nothing, and does not veto the others.
        byte[] signature = HeaderSyntax.base64Hmac(header, comma + 1, end);
        if (signature != null) {
          candidates.add(signature);
        }
      }
      if (end == length) {
        break;
      }
      start = end + 1;
    }
    if (candidates.isEmpty()) {
      return Refused.of(MALFORMED_SIGNATURE); // no v1 entry that is an HMAC
    }
    if (!keys.anyMatches(now, signedPrefix(id, timestampHeader), body, candidates)) {
      return Refused.of(RefusalReason.FORGED);
    }
    RefusalReason outside = HeaderSyntax.outsideTolerance(timestamp, now, toleranceSeconds);
    return outside == null ? new Verified(id, timestamp) : Refused.of(outside);
  }
}
