package dev.rampart.billing.verify;

import java.time.Instant;
import java.util.Arrays;

/**
 * Hand-written parsing of the parts of signature headers: no regex, no substrings, strict forms
 * only. Every method reads {@code s} between {@code from} (inclusive) and {@code to} (exclusive).
 */
final class HeaderSyntax {

  static final int MALFORMED = -1;

  private static final byte[] HEX = new byte[128];
  private static final byte[] BASE64 = new byte[128];

  /** Base64 of a 32-byte HMAC: 43 symbols and one '=' of padding. */
  private static final int BASE64_HMAC_CHARS = 44;

  static {
    Arrays.fill(HEX, (byte) -1);
    for (int i = 0; i < 16; i++) {
      HEX["0123456789abcdef".charAt(i)] = (byte) i;
    }
    Arrays.fill(BASE64, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; i++) {
      BASE64[alphabet.charAt(i)] = (byte) i;
    }
  }

  private HeaderSyntax() {}

  /**
   * A timestamp in seconds written canonically (ASCII digits, no sign, no leading zero, at most
   * {@link Long#MAX_VALUE}), or {@link #MALFORMED}. Canonical form matters: the signed content
   * holds the digits exactly as the header does, and the peers' libraries sign the plain decimal.
   */
  static long timestamp(String s, int from, int to) {
    int length = to - from;
    if (length <= 0 || length > 19 || (length > 1 && s.charAt(from) == '0')) {
      return MALFORMED;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = s.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return MALFORMED;
      }
      value = value * 10 + digit;
      if (value < 0) {
        return MALFORMED; // past Long.MAX_VALUE (only a 19-digit value can get here)
      }
    }
    return value;
  }

  /**
   * Why {@code timestampSeconds} is outside {@code toleranceSeconds} of {@code now}, or {@code
   * null} when it is inside.
   */
  static RefusalReason outsideTolerance(long timestampSeconds, Instant now, long toleranceSeconds) {
    long nowSeconds = now.getEpochSecond();
    // timestampSeconds >= 0 and |nowSeconds| < 2^55, so neither difference below overflows an
    // unsigned long; the future one can exceed Long.MAX_VALUE, hence the unsigned comparison.
    if (timestampSeconds < nowSeconds && nowSeconds - timestampSeconds > toleranceSeconds) {
      return RefusalReason.STALE;
    }
    if (timestampSeconds > nowSeconds
        && Long.compareUnsigned(timestampSeconds - nowSeconds, toleranceSeconds) > 0) {
      return RefusalReason.FUTURE;
    }
    return null;
  }

  /** An HMAC written as 64 lower-case hex digits (as Stripe does), or {@code null}. */
  static byte[] lowerHexHmac(String s, int from, int to) {
    if (to - from != 2 * Hmac.LENGTH) {
      return null;
    }
    byte[] out = new byte[Hmac.LENGTH];
    for (int i = 0; i < Hmac.LENGTH; i++) {
      int high = symbol(HEX, s.charAt(from + 2 * i));
      int low = symbol(HEX, s.charAt(from + 2 * i + 1));
      if ((high | low) < 0) {
        return null;
      }
      out[i] = (byte) (high << 4 | low);
    }
    return out;
  }

  /**
   * An HMAC written in padded standard base64 (as Standard Webhooks does), or {@code null}; the
   * unused low bits of the last symbol must be zero, so each HMAC has exactly one spelling.
   */
  static byte[] base64Hmac(String s, int from, int to) {
    if (to - from != BASE64_HMAC_CHARS || s.charAt(to - 1) != '=') {
      return null;
    }
    byte[] out = new byte[Hmac.LENGTH];
    int in = from;
    int o = 0;
    while (o < 30) {
      int a = symbol(BASE64, s.charAt(in));
      int b = symbol(BASE64, s.charAt(in + 1));
      int c = symbol(BASE64, s.charAt(in + 2));
      int d = symbol(BASE64, s.charAt(in + 3));
      if ((a | b | c | d) < 0) {
        return null;
      }
      int bits = a << 18 | b << 12 | c << 6 | d;
      out[o] = (byte) (bits >> 16);
      out[o + 1] = (byte) (bits >> 8);
      out[o + 2] = (byte) bits;
      in += 4;
      o += 3;
    }
    int a = symbol(BASE64, s.charAt(in));
    int b = symbol(BASE64, s.charAt(in + 1));
    int c = symbol(BASE64, s.charAt(in + 2));
    if ((a | b | c) < 0 || (c & 0b11) != 0) {
      return null;
    }
    int bits = a << 10 | b << 4 | c >> 2;
    out[30] = (byte) (bits >> 8);
    out[31] = (byte) bits;
    return out;
  }

  private static int symbol(byte[] table, char ch) {
    return ch < table.length ? table[ch] : -1;
  }
}
