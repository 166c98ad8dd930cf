package dev.rampart.billing.ledger;

/** What an adjustment gives back to a customer. */
public enum AdjustmentKind {
  CREDIT,
  REFUND
}
