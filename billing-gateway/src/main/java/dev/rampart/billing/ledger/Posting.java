package dev.rampart.billing.ledger;

import java.util.Objects;

/**
 * One movement of {@code amount} minor units of {@code currency}: debited to {@code debit} and
 * credited to {@code credit}, so it balances by construction.
 */
public record Posting(String debit, String credit, long amount, String currency) {

  public Posting {
    checkAccounts(debit, credit);
    Objects.requireNonNull(currency, "currency");
    if (amount <= 0) {
      throw new IllegalArgumentException("a posting's amount is positive");
    }
    if (!Currencies.isCode(currency)) {
      throw new IllegalArgumentException("a currency is three upper-case letters");
    }
  }

  static void checkAccounts(String debit, String credit) {
    Objects.requireNonNull(debit, "debit");
    Objects.requireNonNull(credit, "credit");
    if (debit.isBlank() || credit.isBlank() || debit.length() > 200 || credit.length() > 200) {
      throw new IllegalArgumentException("account names are 1 to 200 characters");
    }
    if (debit.equals(credit)) {
      throw new IllegalArgumentException("a posting debits and credits two different accounts");
    }
  }
}
