package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Events that carry the processor's balances, compared with the ledger's. */
public class Reconciliation {

  @Required
  @Size(min = 1, max = 128)
  @ValidationRule(value = Posting.EVENT_TYPE_RULE, message = Posting.EVENT_TYPE_MESSAGE)
  @JsonPropertyDescription("The event type carrying balances, e.g. balance.available.")
  private String eventType;

  @Required
  @Size(min = 1, max = 128)
  @ValidationRule(value = AccountPair.ACCOUNT_RULE, message = AccountPair.ACCOUNT_MESSAGE)
  @JsonPropertyDescription("The ledger account the balances are compared with.")
  private String account;

  @Required
  @Size(min = 1, max = 256)
  @ValidationRule(value = Posting.JSON_POINTER_RULE, message = Posting.JSON_POINTER_MESSAGE)
  @JsonPropertyDescription(
      "JSON Pointer to an array of {amount, currency} balances, e.g. /data/object/available.")
  private String balances;

  public Reconciliation() {}

  public Reconciliation(String eventType, String account, String balances) {
    this.eventType = eventType;
    this.account = account;
    this.balances = balances;
  }

  public String getEventType() {
    return eventType;
  }

  public void setEventType(String eventType) {
    this.eventType = eventType;
  }

  public String getAccount() {
    return account;
  }

  public void setAccount(String account) {
    this.account = account;
  }

  public String getBalances() {
    return balances;
  }

  public void setBalances(String balances) {
    this.balances = balances;
  }
}
