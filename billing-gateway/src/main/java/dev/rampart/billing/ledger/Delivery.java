package dev.rampart.billing.ledger;

/**
 * An event claimed for delivery to the tenant's application.
 *
 * @param body the raw body as received (it contains no card data: {@link Ledger#record} refuses
 *     such bodies)
 * @param attempts delivery attempts that failed so far
 */
public record Delivery(long id, String webhook, String eventId, byte[] body, int attempts) {}
