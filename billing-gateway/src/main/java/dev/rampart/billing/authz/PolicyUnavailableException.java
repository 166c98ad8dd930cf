package dev.rampart.billing.authz;

/** The policy decision point gave no answer (unreachable, timed out): nothing may be done. */
public final class PolicyUnavailableException extends Exception {

  PolicyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
