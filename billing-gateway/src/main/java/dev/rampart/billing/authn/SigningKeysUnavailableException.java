package dev.rampart.billing.authn;

/** The issuer's signing keys could not be fetched, so no access token can be verified for now. */
public final class SigningKeysUnavailableException extends Exception {

  SigningKeysUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
