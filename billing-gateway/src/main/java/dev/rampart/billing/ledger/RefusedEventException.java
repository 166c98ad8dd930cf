package dev.rampart.billing.ledger;

/**
 * An event the gateway refuses to record; the HTTP layer answers 422. The message names the reason
 * and the configuration involved (event type, JSON Pointer), never a value from the payload.
 */
public final class RefusedEventException extends Exception {

  /** Why the event is refused. */
  public enum Reason {
    /** The body contains a primary account number: it is neither stored nor forwarded. */
    CARD_DATA,
    /**
     * The event's id or type is not one the ledger stores exactly (see {@link
     * dev.rampart.billing.event.EventIdentity}).
     */
    INVALID_EVENT,
    /** A posting rule matched the event type but the amount or currency is unusable. */
    UNPOSTABLE
  }

  private final Reason reason;

  public RefusedEventException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
