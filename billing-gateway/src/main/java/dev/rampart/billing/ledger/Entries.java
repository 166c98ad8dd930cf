package dev.rampart.billing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The ledger entries of some postings as three parallel SQL arrays, for {@code unnest(?, ?, ?)}:
 * each posting debits (positive amount) one account and credits (negative) the other.
 */
record Entries(Long[] accountIds, String[] currencies, Long[] amounts) {

  static Entries of(List<Posting> postings, AccountIds accounts) throws SQLException {
    int n = postings.size() * 2;
    Long[] accountIds = new Long[n];
    String[] currencies = new String[n];
    Long[] amounts = new Long[n];
    int i = 0;
    for (Posting posting : postings) {
      accountIds[i] = accounts.id(posting.debit());
      currencies[i] = posting.currency();
      amounts[i++] = posting.amount();
      accountIds[i] = accounts.id(posting.credit());
      currencies[i] = posting.currency();
      amounts[i++] = -posting.amount();
    }
    return new Entries(accountIds, currencies, amounts);
  }

  boolean isEmpty() {
    return amounts.length == 0;
  }

  /**
   * Binds the three arrays to {@code statement}'s parameters {@code first} to {@code first + 2}.
   */
  void bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
    statement.setArray(first, connection.createArrayOf("bigint", accountIds));
    statement.setArray(first + 1, connection.createArrayOf("text", currencies));
    statement.setArray(first + 2, connection.createArrayOf("bigint", amounts));
  }
}
