package dev.rampart.billing.ledger;

import java.util.Objects;

/**
 * A webhook's {@code adjustments} configuration: the largest amount one adjustment may have, and
 * the accounts each kind debits and credits.
 */
public record AdjustmentPolicy(long maxMinorUnits, Accounts credit, Accounts refund) {

  /** The accounts an adjustment kind debits and credits. */
  public record Accounts(String debit, String credit) {
    public Accounts {
      Posting.checkAccounts(debit, credit);
    }
  }

  public AdjustmentPolicy {
    Objects.requireNonNull(credit, "credit");
    Objects.requireNonNull(refund, "refund");
    if (maxMinorUnits <= 0) {
      throw new IllegalArgumentException("maxMinorUnits is positive");
    }
  }

  Accounts accounts(AdjustmentKind kind) {
    return switch (kind) {
      case CREDIT -> credit;
      case REFUND -> refund;
    };
  }
}
