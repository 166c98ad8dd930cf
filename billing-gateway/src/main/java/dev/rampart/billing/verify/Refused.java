package dev.rampart.billing.verify;

import java.util.Objects;

/** A request that must not be processed, and why. */
public record Refused(RefusalReason reason) implements Verification {

  private static final Refused[] BY_REASON = new Refused[RefusalReason.values().length];

  static {
    for (RefusalReason reason : RefusalReason.values()) {
      BY_REASON[reason.ordinal()] = new Refused(reason);
    }
  }

  public Refused {
    Objects.requireNonNull(reason, "reason");
  }

  /** A shared instance, so that refusing allocates nothing. */
  static Refused of(RefusalReason reason) {
    return BY_REASON[reason.ordinal()];
  }
}
