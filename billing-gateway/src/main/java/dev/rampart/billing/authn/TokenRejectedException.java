package dev.rampart.billing.authn;

import java.util.Locale;

/**
 * An admin request's bearer token does not authenticate anybody. The message says why, for a debug
 * log; it never quotes the token, and the caller learns nothing of it.
 */
public final class TokenRejectedException extends Exception {

  /** Why, as the {@code reason} label of {@code billing_admin_token_rejected_total}. */
  public enum Reason {
    /** No {@code Authorization: Bearer} header. */
    MISSING,
    /** Neither a static token nor a JWT. */
    UNKNOWN,
    /** A JWT without a claim or header that an access token must have, or with a wrong one. */
    MALFORMED,
    /** Unsigned, an algorithm not accepted, no key of the issuer's, or a signature that fails. */
    SIGNATURE,
    EXPIRED,
    NOT_YET_VALID,
    ISSUER,
    AUDIENCE;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
      return label;
    }
  }

  private final Reason reason;

  TokenRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
