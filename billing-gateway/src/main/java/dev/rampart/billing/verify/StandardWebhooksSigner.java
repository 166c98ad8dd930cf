package dev.rampart.billing.verify;

import dev.rampart.billing.event.EventIdentity;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * Signs outgoing deliveries (the gateway forwards verified events to the tenant's application with
 * Standard Webhooks). Safe to share between threads.
 */
public final class StandardWebhooksSigner {

  private final Mac prototype;

  /**
   * @throws IllegalArgumentException when the secret is not {@code whsec_} + base64 (the message
   *     does not quote it)
   */
  public StandardWebhooksSigner(String whsecSecret) {
    Objects.requireNonNull(whsecSecret, "whsecSecret");
    this.prototype = Hmac.prototype(StandardWebhooksVerifier.key(whsecSecret));
  }

  /**
   * The {@code webhook-signature} header value ({@code "v1,<base64>"}) for a delivery sent with
   * {@code webhook-id: webhookId} and {@code webhook-timestamp: timestampSeconds}.
   */
  public String sign(String webhookId, long timestampSeconds, byte[] body) {
    Objects.requireNonNull(webhookId, "webhookId");
    Objects.requireNonNull(body, "body");
    if (!EventIdentity.isValid(webhookId)) {
      throw new IllegalArgumentException("a webhook id is " + EventIdentity.RULE);
    }
    if (timestampSeconds < 0) {
      throw new IllegalArgumentException("negative timestamp: " + timestampSeconds);
    }
    Mac mac = Hmac.copy(prototype);
    mac.update(StandardWebhooksVerifier.signedPrefix(webhookId, Long.toString(timestampSeconds)));
    mac.update(body);
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
  }
}
