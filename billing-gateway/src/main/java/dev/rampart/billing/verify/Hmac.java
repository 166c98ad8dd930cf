package dev.rampart.billing.verify;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with the key schedule done once: a keyed prototype is never used itself, only cloned,
 * so concurrent requests (platform or virtual threads) never share a {@link Mac}.
 */
final class Hmac {

  static final int LENGTH = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private Hmac() {}

  static Mac prototype(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** A fresh, keyed instance for one computation. */
  static Mac copy(Mac prototype) {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the HmacSHA256 provider cannot clone a keyed Mac", e);
    }
  }
}
