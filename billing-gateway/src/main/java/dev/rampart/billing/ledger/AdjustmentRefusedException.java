package dev.rampart.billing.ledger;

/** A credit or refund request, or an approval, that is refused; one subclass per reason. */
public abstract sealed class AdjustmentRefusedException extends Exception {

  private AdjustmentRefusedException(String message) {
    super(message);
  }

  /** Not a well-formed request: a non-positive amount, a bad currency or an empty field (422). */
  public static final class Invalid extends AdjustmentRefusedException {
    Invalid(String message) {
      super(message);
    }
  }

  /** The webhook has no {@code adjustments} configured (404 or 409). */
  public static final class NotConfigured extends AdjustmentRefusedException {
    NotConfigured(String webhook) {
      super("webhook " + webhook + " has no adjustments configured");
    }
  }

  /** The amount is above the webhook's {@code maxMinorUnits} (422). */
  public static final class AboveCap extends AdjustmentRefusedException {
    AboveCap(long maxMinorUnits) {
      super("an adjustment is at most " + maxMinorUnits + " minor units");
    }
  }

  /** The requester tried to approve their own adjustment (403). */
  public static final class SelfApproval extends AdjustmentRefusedException {
    SelfApproval(long id) {
      super("adjustment " + id + " cannot be approved by its requester");
    }
  }

  /** No adjustment has this id (404). */
  public static final class Unknown extends AdjustmentRefusedException {
    Unknown(long id) {
      super("no adjustment " + id);
    }
  }
}
