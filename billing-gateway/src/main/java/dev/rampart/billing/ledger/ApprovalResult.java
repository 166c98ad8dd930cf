package dev.rampart.billing.ledger;

/** What {@link Adjustments#approve} did. Approving again is harmless and changes nothing. */
public enum ApprovalResult {
  /** The approval counts; the adjustment waits for a second approver. */
  AWAITING_SECOND_APPROVAL,
  /**
   * The approval was the second: the adjustment is posted to the ledger, in the same transaction.
   */
  POSTED,
  /** This approver had already approved it; it still waits for a second approver. */
  ALREADY_APPROVED,
  /** It had been posted already; this approval was not recorded. */
  ALREADY_POSTED
}
