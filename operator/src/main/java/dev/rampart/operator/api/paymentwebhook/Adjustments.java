package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Credits and refunds that admins post through the gateway's admin API, each capped. */
public class Adjustments {

  @Required
  @Min(1)
  @JsonPropertyDescription(
      "The most one credit or refund may move, in minor units (e.g. 50000 = 500.00 USD); above 0.")
  private Long maxMinorUnits;

  @Required
  @JsonPropertyDescription(
      "The accounts of a customer credit, e.g. expense:customer-credits to"
          + " liability:customer-balance.")
  private AccountPair credit;

  @Required
  @JsonPropertyDescription("The accounts of a refund, e.g. revenue:refunds to processor:stripe.")
  private AccountPair refund;

  public Adjustments() {}

  public Adjustments(long maxMinorUnits, AccountPair credit, AccountPair refund) {
    this.maxMinorUnits = maxMinorUnits;
    this.credit = credit;
    this.refund = refund;
  }

  public Long getMaxMinorUnits() {
    return maxMinorUnits;
  }

  public void setMaxMinorUnits(Long maxMinorUnits) {
    this.maxMinorUnits = maxMinorUnits;
  }

  public AccountPair getCredit() {
    return credit;
  }

  public void setCredit(AccountPair credit) {
    this.credit = credit;
  }

  public AccountPair getRefund() {
    return refund;
  }

  public void setRefund(AccountPair refund) {
    this.refund = refund;
  }
}
