package dev.rampart.billing.ledger;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A webhook's posting rules, turning a parsed event into the postings of its transaction. */
public final class PostingRules {

  private record Compiled(PostingRule rule, JsonPointer amount, JsonPointer currency) {}

  private final Map<String, List<Compiled>> byEventType = new HashMap<>();
  private final long maxAmount;

  /**
   * @param maxAmount the largest amount an event may post, in minor units (the webhook's {@code
   *     maxAmountMinorUnits}): the sender's amounts are checked, not trusted
   */
  public PostingRules(List<PostingRule> rules, long maxAmount) {
    if (maxAmount < 1) {
      throw new IllegalArgumentException("the largest amount is at least 1: " + maxAmount);
    }
    this.maxAmount = maxAmount;
    for (PostingRule rule : rules) {
      byEventType
          .computeIfAbsent(rule.eventType(), type -> new ArrayList<>())
          .add(
              new Compiled(
                  rule,
                  JsonPointer.compile(rule.amountPointer()),
                  JsonPointer.compile(rule.currencyPointer())));
    }
  }

  /**
   * The postings for an event: one per rule of its type, none for an unmapped type. A zero amount
   * moves nothing and gives no posting.
   *
   * @throws RefusedEventException ({@link RefusedEventException.Reason#UNPOSTABLE}) when a rule of
   *     this type finds no integer amount, a negative one or one over the largest, or no
   *     three-letter currency
   */
  public List<Posting> postings(String eventType, JsonNode event) throws RefusedEventException {
    List<Compiled> rules = byEventType.get(eventType);
    if (rules == null) {
      return List.of();
    }
    List<Posting> postings = new ArrayList<>(rules.size());
    for (Compiled compiled : rules) {
      PostingRule rule = compiled.rule();
      JsonNode amountNode = event.at(compiled.amount());
      if (amountNode.isMissingNode() || amountNode.isNull()) {
        throw unpostable(rule, "amount at " + rule.amountPointer() + " is missing");
      }
      if (!amountNode.isIntegralNumber() || !amountNode.canConvertToLong()) {
        throw unpostable(rule, "amount at " + rule.amountPointer() + " is not a 64-bit integer");
      }
      long amount = amountNode.longValue();
      if (amount < 0) {
        throw unpostable(rule, "amount at " + rule.amountPointer() + " is negative");
      }
      if (amount > maxAmount) {
        throw unpostable(
            rule,
            "amount at "
                + rule.amountPointer()
                + " is over maxAmountMinorUnits ("
                + maxAmount
                + ")");
      }
      JsonNode currencyNode = event.at(compiled.currency());
      String currency =
          currencyNode.isTextual() ? Currencies.normalise(currencyNode.textValue()) : null;
      if (currency == null) {
        throw unpostable(
            rule, "currency at " + rule.currencyPointer() + " is not a three-letter code");
      }
      if (amount > 0) {
        postings.add(new Posting(rule.debit(), rule.credit(), amount, currency));
      }
    }
    return postings;
  }

  private static RefusedEventException unpostable(PostingRule rule, String problem) {
    return new RefusedEventException(
        RefusedEventException.Reason.UNPOSTABLE, rule.eventType() + ": " + problem);
  }
}
