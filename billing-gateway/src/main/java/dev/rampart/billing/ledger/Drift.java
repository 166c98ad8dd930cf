package dev.rampart.billing.ledger;

/**
 * A currency in which the ledger and the processor disagree about an account's balance.
 *
 * @param difference {@code ledgerMinorUnits - reportedMinorUnits}, never 0
 */
public record Drift(
    String account,
    String currency,
    long ledgerMinorUnits,
    long reportedMinorUnits,
    long difference) {}
