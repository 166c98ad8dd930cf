package dev.rampart.operator.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Time-based one-time passwords (RFC 6238), as an authenticator app computes them. */
public final class Totp {

  private Totp() {}

  /** The 6-digit HmacSHA1 code for {@code key} at {@code time}, with 30-second steps. */
  public static String code(byte[] key, Instant time) {
    return code(key, time, "HmacSHA1", 6);
  }

  public static String code(byte[] key, Instant time, String algorithm, int digits) {
    long step = time.getEpochSecond() / 30;
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
      return String.format("%0" + digits + "d", binary % (int) Math.pow(10, digits));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
