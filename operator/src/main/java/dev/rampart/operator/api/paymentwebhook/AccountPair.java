package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The two ledger accounts of a balanced transaction. */
@ValidationRule(value = "self.debit != self.credit", message = "debit and credit must differ")
public class AccountPair {

  /** An account name as the gateway accepts it, e.g. {@code revenue:sales}. */
  public static final String ACCOUNT = "^[A-Za-z0-9][A-Za-z0-9_.:-]*$";

  static final String ACCOUNT_RULE = "self.matches('" + ACCOUNT + "')";
  static final String ACCOUNT_MESSAGE =
      "must be a ledger account such as revenue:sales (letters, digits, '_', '.', ':' and '-',"
          + " starting with a letter or digit)";

  @Required
  @Size(min = 1, max = 128)
  @ValidationRule(value = ACCOUNT_RULE, message = ACCOUNT_MESSAGE)
  @JsonPropertyDescription("The account debited, e.g. processor:stripe.")
  private String debit;

  @Required
  @Size(min = 1, max = 128)
  @ValidationRule(value = ACCOUNT_RULE, message = ACCOUNT_MESSAGE)
  @JsonPropertyDescription("The account credited, e.g. revenue:sales.")
  private String credit;

  public AccountPair() {}

  public AccountPair(String debit, String credit) {
    this.debit = debit;
    this.credit = credit;
  }

  public String getDebit() {
    return debit;
  }

  public void setDebit(String debit) {
    this.debit = debit;
  }

  public String getCredit() {
    return credit;
  }

  public void setCredit(String credit) {
    this.credit = credit;
  }
}
