package dev.rampart.billing.ledger;

/** What {@link Ledger#record} did with an event. */
public enum RecordResult {
  /** Recorded now, with its postings and its delivery, in one committed transaction. */
  RECORDED,
  /** Already recorded earlier: nothing was written. */
  DUPLICATE
}
