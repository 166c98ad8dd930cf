package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How events of one type become one balanced ledger transaction (debit and credit differ). */
public class Posting extends AccountPair {

  /** Provider event types such as {@code charge.succeeded} or {@code invoice.paid}. */
  public static final String EVENT_TYPE = "^[A-Za-z0-9][A-Za-z0-9._:-]*$";

  static final String EVENT_TYPE_RULE = "self.matches('" + EVENT_TYPE + "')";
  static final String EVENT_TYPE_MESSAGE =
      "must be an event type such as charge.succeeded (letters, digits, '.', '_', ':' and '-')";

  /** An RFC 6901 JSON Pointer into the event body; never the whole body. */
  static final String JSON_POINTER_RULE = "self.matches('^(/([^~/]|~[01])*)+$')";

  static final String JSON_POINTER_MESSAGE =
      "must be a JSON Pointer into the event such as /data/object/amount: it starts with / and"
          + " uses ~ only as ~0 or ~1";

  @Required
  @Size(min = 1, max = 128)
  @ValidationRule(value = EVENT_TYPE_RULE, message = EVENT_TYPE_MESSAGE)
  @JsonPropertyDescription("The event type (the body's type), e.g. charge.succeeded.")
  private String eventType;

  @Required
  @Size(min = 1, max = 256)
  @ValidationRule(value = JSON_POINTER_RULE, message = JSON_POINTER_MESSAGE)
  @JsonPropertyDescription(
      "JSON Pointer to the amount, an integer in minor units (cents), e.g. /data/object/amount.")
  private String amount;

  @Required
  @Size(min = 1, max = 256)
  @ValidationRule(value = JSON_POINTER_RULE, message = JSON_POINTER_MESSAGE)
  @JsonPropertyDescription(
      "JSON Pointer to the ISO 4217 currency code, e.g. /data/object/currency.")
  private String currency;

  public Posting() {}

  public Posting(String eventType, String amount, String currency, String debit, String credit) {
    super(debit, credit);
    this.eventType = eventType;
    this.amount = amount;
    this.currency = currency;
  }

  public String getEventType() {
    return eventType;
  }

  public void setEventType(String eventType) {
    this.eventType = eventType;
  }

  public String getAmount() {
    return amount;
  }

  public void setAmount(String amount) {
    this.amount = amount;
  }

  public String getCurrency() {
    return currency;
  }

  public void setCurrency(String currency) {
    this.currency = currency;
  }
}
