package dev.rampart.operator.paymentwebhook;

/**
 * Something the gateway needs is missing or refused; the gateway is left as it was and the reason
 * goes to the Ready condition. Messages name places (Secrets, keys, Vault paths), never values.
 */
final class Unprovisionable extends RuntimeException {

  private final String reason;

  Unprovisionable(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
