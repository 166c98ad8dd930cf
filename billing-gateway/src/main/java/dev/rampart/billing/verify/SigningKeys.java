package dev.rampart.billing.verify;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;

/** The configured secrets as keyed HMAC prototypes, each with the instant it stops verifying. */
final class SigningKeys {

  private final Mac[] prototypes;
  private final SigningSecret[] secrets;

  private SigningKeys(Mac[] prototypes, SigningSecret[] secrets) {
    this.prototypes = prototypes;
    this.secrets = secrets;
  }

  /**
   * Keys for {@code secrets}, whose values {@code keyBytes} turns into HMAC keys or rejects with an
   * {@link IllegalArgumentException} that does not quote the value.
   */
  static SigningKeys of(List<SigningSecret> secrets, Function<String, byte[]> keyBytes) {
    Mac[] prototypes = new Mac[secrets.size()];
    SigningSecret[] copies = new SigningSecret[secrets.size()];
    for (int i = 0; i < prototypes.length; i++) {
      SigningSecret secret = secrets.get(i);
      if (secret == null) {
        throw new IllegalArgumentException("signing secret #" + (i + 1) + " is missing");
      }
      byte[] key;
      try {
        key = keyBytes.apply(secret.value());
      } catch (IllegalArgumentException e) {
        // No cause: decoders' messages may quote characters of the secret.
        throw new IllegalArgumentException("signing secret #" + (i + 1) + ": " + e.getMessage());
      }
      prototypes[i] = Hmac.prototype(key);
      copies[i] = secret;
    }
    return new SigningKeys(prototypes, copies);
  }

  /**
   * Whether any candidate equals the HMAC of {@code signedPrefix} followed by {@code body} under
   * any secret active at {@code now}. Every candidate is compared with every active key in constant
   * time, with no early exit, so timing does not tell which one matched or how closely.
   */
  boolean anyMatches(Instant now, byte[] signedPrefix, byte[] body, Candidates candidates) {
    boolean matched = false;
    for (int k = 0; k < prototypes.length; k++) {
      if (!secrets[k].activeAt(now)) {
        continue;
      }
      Mac mac = Hmac.copy(prototypes[k]);
      mac.update(signedPrefix);
      mac.update(body);
      byte[] expected = mac.doFinal();
      for (int c = 0; c < candidates.count(); c++) {
        matched |= MessageDigest.isEqual(expected, candidates.get(c));
      }
    }
    return matched;
  }
}
