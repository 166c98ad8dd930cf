package dev.rampart.billing.verify;

import java.util.Locale;

/** Why a request was refused; the HTTP layer counts refusals by {@link #label()}. */
public enum RefusalReason {
  /** A signature header (or, for Standard Webhooks, the id or timestamp header) is absent. */
  MISSING_SIGNATURE,
  /** The signature headers are present but do not parse. */
  MALFORMED_SIGNATURE,
  /** Correctly signed, but the timestamp is older than the tolerance allows. */
  STALE,
  /** Correctly signed, but the timestamp is further ahead than the tolerance allows. */
  FUTURE,
  /** The body is larger than the webhook's maximum. */
  OVERSIZED,
  /** No signature matches any active secret. */
  FORGED;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The metric label: {@code missing_signature}, {@code malformed_signature}, ... */
  public String label() {
    return label;
  }
}
