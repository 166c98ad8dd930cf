package dev.rampart.billing.event;

/**
 * What an event id and an event type may be, wherever the gateway reads, stores or sends one: a
 * Standard Webhooks {@code webhook-id} header (verified, and signed again when forwarded), a Stripe
 * body's {@code id}, a body's {@code type}, the configuration's event types, and the ledger's
 * {@code event_id} and {@code event_type} columns (which hold 1 to 255 characters).
 *
 * <p>1 to {@value #MAX_LENGTH} visible ASCII characters ({@code !} to {@code ~}): each such value
 * is stored, signed and sent exactly as received. Other values could not be: PostgreSQL refuses a
 * NUL; the driver writes an unpaired UTF-16 surrogate as {@code ?}, so two distinct ids would
 * become one; the JDK's HTTP server reads a header as ISO-8859-1 while senders sign an id's UTF-8
 * bytes, so a non-ASCII {@code webhook-id} could never verify; and HTTP drops the spaces around a
 * header's value. An ASCII character is one byte, so the limit is the same in characters and bytes.
 */
public final class EventIdentity {

  /** The most characters an event id or type has. */
  public static final int MAX_LENGTH = 255;

  /** The rule, for messages. */
  public static final String RULE = "1 to " + MAX_LENGTH + " visible ASCII characters";

  private EventIdentity() {}

  /** Whether {@code value} may be an event id or type; {@code null} may not. */
  public static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '!' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
