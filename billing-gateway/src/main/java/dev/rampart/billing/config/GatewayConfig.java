package dev.rampart.billing.config;

import dev.rampart.billing.verify.Provider;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's configuration file (README, "Configuration"), validated. It holds no secrets: every
 * {@code *File} is a file name in the secrets directory.
 *
 * @param adminTokensFile {@code name=token} lines; without it (and {@code oidc}) the admin API
 *     refuses everything
 * @param policy the tenant's policy decision point; without it every admin token may do every admin
 *     call
 * @param oidc the tenant's Keycloak realm, whose access tokens the admin API accepts besides the
 *     static tokens
 */
public record GatewayConfig(
    Listen listen,
    Database database,
    Optional<String> adminTokensFile,
    Optional<Policy> policy,
    Optional<Oidc> oidc,
    List<Webhook> webhooks) {

  /** Ports; 0 picks a free one. */
  public record Listen(int webhooks, int admin, int management) {}

  /** A JDBC URL and the secret files holding the credentials. */
  public record Database(String url, String usernameFile, String passwordFile) {}

  /**
   * The tenant's policy decision point (OPA serving Rampart's policy bundle), asked to authorize
   * every admin call that changes something.
   *
   * @param url its base URL, without a trailing {@code /}
   * @param tenant the tenant whose principals and resources the calls are
   * @param timeout how long an answer may take; a call without one is refused
   */
  public record Policy(URI url, String tenant, Duration timeout) {}

  /**
   * The OpenID Connect issuer (the tenant's Keycloak realm) whose access tokens admin callers may
   * present.
   *
   * @param issuer what a token's {@code iss} must equal, character for character
   * @param audience what a token's {@code aud} must contain: the gateway's client
   * @param jwksUrl where the issuer publishes its signing keys
   */
  public record Oidc(String issuer, String audience, URI jwksUrl) {}

  /**
   * One processor endpoint.
   *
   * @param name a DNS label; names the webhook in the ledger, metrics and logs
   * @param idempotencyWindow how long an event id is remembered to refuse its replays
   * @param maxAmountMinorUnits the largest amount an event may post; larger ones are refused
   */
  public record Webhook(
      String name,
      String path,
      Provider provider,
      List<SigningSecret> signingSecrets,
      Duration tolerance,
      Duration idempotencyWindow,
      int maxBodyBytes,
      long maxAmountMinorUnits,
      List<Posting> postings,
      Optional<Reconciliation> reconciliation,
      Optional<Forward> forward,
      Optional<Adjustments> adjustments) {}

  /** A signing secret's file; one with {@code validUntil} stops verifying after that instant. */
  public record SigningSecret(String file, Optional<Instant> validUntil) {}

  /** For events of {@code eventType}: {@code amount} in {@code currency} from debit to credit. */
  public record Posting(
      String eventType, String amount, String currency, String debit, String credit) {}

  /** Events of {@code eventType} carry the processor's balances of {@code account}. */
  public record Reconciliation(String eventType, String account, String balances) {}

  /** Where verified events are delivered, signed with the Standard Webhooks secret in the file. */
  public record Forward(URI url, String secretFile) {}

  /** Admin credits and refunds, each at most {@code maxMinorUnits}. */
  public record Adjustments(long maxMinorUnits, Accounts credit, Accounts refund) {}

  /** The accounts an adjustment kind debits and credits. */
  public record Accounts(String debit, String credit) {}
}
