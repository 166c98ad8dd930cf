package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules the database enforces on its own: every test here goes around the Java code with raw
 * SQL, as the gateway's own database role (the tables' owner), and is refused.
 */
class LedgerRulesIT {

  private static HikariDataSource dataSource;
  private static long accountA;
  private static long accountB;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabases.newLedger();
    accountA = value("INSERT INTO ledger_account (name) VALUES ('raw:a') RETURNING id");
    accountB = value("INSERT INTO ledger_account (name) VALUES ('raw:b') RETURNING id");
    // Something in every append-only table, so that UPDATE and DELETE have rows to change.
    new Ledger(dataSource)
        .record(
            "rules",
            "evt_committed",
            "charge.succeeded",
            new byte[0],
            List.of(new Posting("raw:a", "raw:b", 100, "USD")),
            false);
    Adjustments adjustments =
        new Adjustments(
            dataSource,
            Map.of(
                "rules",
                new AdjustmentPolicy(
                    1000,
                    new AdjustmentPolicy.Accounts("raw:a", "raw:b"),
                    new AdjustmentPolicy.Accounts("raw:b", "raw:a"))));
    long adjustment =
        adjustments.request("rules", AdjustmentKind.CREDIT, "alice", "cus_1", 5, "USD", "test");
    adjustments.approve(adjustment, "bob");
    adjustments.approve(adjustment, "carol");
    new Reconciliation(dataSource).compare("raw:a", Map.of("USD", 0L));
  }

  @AfterAll
  static void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  @Test
  void anUnbalancedTransactionIsRefused() throws Exception {
    assertRefused(
        "does not balance in USD",
        posting(
            event("evt_unbalanced"), entry(accountA, "USD", "100"), entry(accountB, "USD", "-99")));
    assertThat(value("SELECT count(*) FROM ledger_transaction WHERE event_id = 'evt_unbalanced'"))
        .isZero();
  }

  @Test
  void eachCurrencyBalancesOnItsOwn() throws Exception {
    assertRefused(
        "does not balance in",
        posting(event("evt_fx"), entry(accountA, "USD", "100"), entry(accountB, "EUR", "-100")));
  }

  @Test
  void aTransactionWithoutEntriesIsRefused() throws Exception {
    assertRefused("has no entries", insertTransaction(event("evt_empty")));
  }

  @Test
  void entriesComeFromTheStatementThatCreatedTheirTransaction() throws Exception {
    // Entries in a later statement, even of the same database transaction, would let a transaction
    // be balanced when checked and changed after.
    assertRefused(
        "has no entries",
        insertTransaction(event("evt_later")),
        singleEntry("currval('ledger_transaction_id_seq')", accountA, "100"),
        singleEntry("currval('ledger_transaction_id_seq')", accountB, "-100"));
    assertRefused(
        "is sealed",
        posting(
            event("evt_sealed_early"),
            entry(accountA, "USD", "100"),
            entry(accountB, "USD", "-100")),
        singleEntry("currval('ledger_transaction_id_seq')", accountA, "1"));
  }

  @Test
  void anEntryNamesAnExistingAccountAndTransaction() throws Exception {
    assertRefused(
        "ledger account 999999999 does not exist",
        posting(
            event("evt_no_account"),
            entry(accountA, "USD", "100"),
            entry(999_999_999, "USD", "-100")));
    assertRefused(
        "ledger transaction 999999999 is sealed or does not exist",
        singleEntry("999999999", accountA, "1"));
  }

  @Test
  void aCommittedTransactionIsSealed() throws Exception {
    long committed = value("SELECT id FROM ledger_transaction WHERE event_id = 'evt_committed'");
    // Even a balanced pair would change both accounts' history.
    assertRefused(
        "is sealed",
        "INSERT INTO ledger_entry (transaction_id, account_id, currency, amount) VALUES ("
            + committed
            + ", "
            + accountA
            + ", 'USD', 1), ("
            + committed
            + ", "
            + accountB
            + ", 'USD', -1)");
  }

  @Test
  void amountsAreNonZeroIntegersAndCurrenciesUpperCaseCodes() throws Exception {
    assertRefused(
        "ledger_entry_currency_check",
        posting(event("evt_lower"), entry(accountA, "usd", "100"), entry(accountB, "usd", "-100")));
    assertRefused(
        "ledger_entry_amount_check", posting(event("evt_zero"), entry(accountA, "USD", "0")));
    assertRefused(
        "invalid input syntax for type bigint",
        // The column refuses it before any rule looks at the row.
        singleEntry("currval('ledger_transaction_id_seq')", accountA, "'1.5'"));
  }

  @ParameterizedTest
  @CsvSource({
    "ledger_entry, UPDATE ledger_entry SET amount = amount * 2",
    "ledger_entry, DELETE FROM ledger_entry",
    "ledger_entry, TRUNCATE ledger_entry",
    "ledger_transaction, UPDATE ledger_transaction SET webhook = 'other'",
    "ledger_transaction, DELETE FROM ledger_transaction",
    "ledger_transaction, TRUNCATE ledger_transaction CASCADE",
    "ledger_account, UPDATE ledger_account SET name = name || ':renamed'",
    "ledger_account, DELETE FROM ledger_account WHERE name = 'raw:a'",
    "adjustment, UPDATE adjustment SET amount = 1000000",
    "adjustment, DELETE FROM adjustment",
    "adjustment_approval, UPDATE adjustment_approval SET approver = 'mallory'",
    "adjustment_approval, DELETE FROM adjustment_approval",
    "reconciliation_check, DELETE FROM reconciliation_check",
    "reconciliation_balance, UPDATE reconciliation_balance SET reported_minor_units = 0"
  })
  void theLedgerIsAppendOnly(String table, String sql) throws Exception {
    long before = value("SELECT count(*) FROM " + table);
    assertThat(before).isPositive();
    assertRefused(table + " is append-only", sql);
    assertThat(value("SELECT count(*) FROM " + table)).isEqualTo(before);
  }

  @Test
  void theRequesterCannotApprove() throws Exception {
    long adjustment = rawAdjustment();
    assertRefused("adjustment_approval_not_by_requester", approval(adjustment, "alice", "alice"));
    // Nor by claiming someone else requested it.
    assertRefused("violates foreign key constraint", approval(adjustment, "bob", "alice"));
  }

  @Test
  void anApproverCountsOnce() throws Exception {
    long adjustment = rawAdjustment();
    execute(approval(adjustment, "alice", "bob"));
    assertRefused("adjustment_approval_pkey", approval(adjustment, "alice", "bob"));
  }

  @Test
  void anAdjustmentIsPostedOnlyAfterTwoApprovals() throws Exception {
    long adjustment = rawAdjustment();
    execute(approval(adjustment, "alice", "bob"));
    assertRefused(
        "needs two approvals",
        posting(adjusting(adjustment), entry(accountA, "USD", "5"), entry(accountB, "USD", "-5")));
  }

  @Test
  void anAdjustmentIsPostedOnlyForItsApprovedAmountAndCurrency() throws Exception {
    long adjustment = rawAdjustment();
    execute(approval(adjustment, "alice", "bob"));
    execute(approval(adjustment, "alice", "carol"));
    assertRefused(
        "does not post the approved amount",
        posting(
            adjusting(adjustment),
            entry(accountA, "USD", "5000"),
            entry(accountB, "USD", "-5000")));
    assertRefused(
        "does not post the approved amount",
        posting(adjusting(adjustment), entry(accountA, "EUR", "5"), entry(accountB, "EUR", "-5")));
    assertRefused(
        "does not post the approved amount",
        posting(
            adjusting(adjustment),
            entry(accountA, "USD", "5"),
            entry(accountB, "USD", "-5"),
            entry(accountA, "EUR", "1"),
            entry(accountB, "EUR", "-1")));
    // The approved amount goes through.
    execute(
        posting(adjusting(adjustment), entry(accountA, "USD", "5"), entry(accountB, "USD", "-5")));
  }

  /** An adjustment of 5 USD requested by alice. */
  private static long rawAdjustment() throws SQLException {
    return value(
        "INSERT INTO adjustment (webhook, kind, requester, reference, amount, currency, reason)"
            + " VALUES ('rules', 'CREDIT', 'alice', 'cus_1', 5, 'USD', 'raw') RETURNING id");
  }

  private static String approval(long adjustment, String requester, String approver) {
    return "INSERT INTO adjustment_approval (adjustment_id, requester, approver) VALUES ("
        + adjustment
        + ", '"
        + requester
        + "', '"
        + approver
        + "')";
  }

  /** A ledger transaction's columns and values for an event. */
  private static String event(String eventId) {
    return "(webhook, event_id) VALUES ('rules', '" + eventId + "')";
  }

  /** A ledger transaction's columns and values for an adjustment. */
  private static String adjusting(long adjustment) {
    return "(webhook, adjustment_id) VALUES ('rules', " + adjustment + ")";
  }

  private static String insertTransaction(String transaction) {
    return "INSERT INTO ledger_transaction " + transaction;
  }

  /** An entry's values for {@link #posting}; {@code amount} is SQL. */
  private static String entry(long account, String currency, String amount) {
    return "(" + account + ", '" + currency + "', " + amount + ")";
  }

  /** One statement, as the gateway writes: a ledger transaction and its entries. */
  private static String posting(String transaction, String... entries) {
    return "WITH t AS (INSERT INTO ledger_transaction "
        + transaction
        + " RETURNING id) INSERT INTO ledger_entry (transaction_id, account_id, currency, amount)"
        + " SELECT t.id, e.account_id, e.currency, e.amount FROM t, (VALUES "
        + String.join(", ", entries)
        + ") AS e (account_id, currency, amount)";
  }

  /** An entry of its own statement; {@code transaction} is SQL. */
  private static String singleEntry(String transaction, long account, String amount) {
    return "INSERT INTO ledger_entry (transaction_id, account_id, currency, amount) VALUES ("
        + transaction
        + ", "
        + account
        + ", 'USD', "
        + amount
        + ")";
  }

  /** Runs the statements in one transaction, expecting the database to refuse it. */
  private static void assertRefused(String reason, String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      assertThatThrownBy(
              () -> {
                try (Statement statement = connection.createStatement()) {
                  for (String sql : statements) {
                    statement.execute(sql);
                  }
                }
                connection.commit();
              })
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(reason);
      connection.rollback();
    }
  }

  private static void execute(String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements) {
          statement.execute(sql);
        }
      }
      connection.commit();
    }
  }

  /** The first column of the query's one row. */
  private static long value(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
