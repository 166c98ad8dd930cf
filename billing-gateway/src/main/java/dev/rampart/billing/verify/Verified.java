package dev.rampart.billing.verify;

/**
 * A request whose signature matched an active secret within the tolerance.
 *
 * @param webhookId the {@code webhook-id} header for Standard Webhooks, {@code null} for Stripe
 *     (whose event identity is the body's {@code id})
 * @param timestampSeconds the signed timestamp, in seconds since the epoch
 */
public record Verified(String webhookId, long timestampSeconds) implements Verification {}
