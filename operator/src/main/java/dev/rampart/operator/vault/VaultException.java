package dev.rampart.operator.vault;

/**
 * A Vault request that failed. The message names the operation, path and HTTP status: Vault's own
 * error text may echo request data, so it is included only for writes whose body holds no secret
 * ({@link Vault#writeConfiguration}).
 */
public class VaultException extends RuntimeException {

  private final int status;

  public VaultException(String message, int status) {
    super(message);
    this.status = status;
  }

  public VaultException(String message, Throwable cause) {
    super(message + ": " + cause.getClass().getSimpleName(), null);
    this.status = 0;
  }

  /** The HTTP status, or 0 when Vault could not be reached. */
  public int status() {
    return status;
  }

  /** Vault cannot serve now (unreachable, sealed, standby without forwarding): retry later. */
  public boolean unavailable() {
    return status == 0 || status == 503 || status == 502 || status == 429;
  }
}
