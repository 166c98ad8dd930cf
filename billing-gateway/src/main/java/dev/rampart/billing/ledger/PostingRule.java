package dev.rampart.billing.ledger;

import com.fasterxml.jackson.core.JsonPointer;
import dev.rampart.billing.event.EventIdentity;
import java.util.Objects;

/**
 * From the configuration's {@code postings}: an event of {@code eventType} moves the integer at
 * {@code amountPointer} (minor units) in the currency at {@code currencyPointer} from {@code
 * credit} to {@code debit}. The pointers are JSON Pointers (RFC 6901).
 */
public record PostingRule(
    String eventType, String amountPointer, String currencyPointer, String debit, String credit) {

  public PostingRule {
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(amountPointer, "amountPointer");
    Objects.requireNonNull(currencyPointer, "currencyPointer");
    if (!EventIdentity.isValid(eventType)) {
      throw new IllegalArgumentException("a posting rule's event type is " + EventIdentity.RULE);
    }
    JsonPointer.compile(amountPointer);
    JsonPointer.compile(currencyPointer);
    Posting.checkAccounts(debit, credit);
  }
}
