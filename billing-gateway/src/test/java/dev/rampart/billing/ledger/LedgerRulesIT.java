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
  void anUnbalancedTransactionIsRefusedAtCommit() throws Exception {
    assertRefused(
        "does not balance in USD",
        "INSERT INTO ledger_transaction (webhook, event_id) VALUES ('rules', 'evt_unbalanced')",
        entry("USD", 100, accountA),
        entry("USD", -99, accountB));
    assertThat(value("SELECT count(*) FROM ledger_transaction WHERE event_id = 'evt_unbalanced'"))
        .isZero();
  }

  @Test
  void eachCurrencyBalancesOnItsOwn() throws Exception {
    assertRefused(
        "does not balance in",
        "INSERT INTO ledger_transaction (webhook, event_id) VALUES ('rules', 'evt_fx')",
        entry("USD", 100, accountA),
        entry("EUR", -100, accountB));
  }

  @Test
  void aTransactionWithoutEntriesIsRefused() throws Exception {
    assertRefused(
        "has no entries",
        "INSERT INTO ledger_transaction (webhook, event_id) VALUES ('rules', 'evt_empty')");
  }

  @Test
  void checkingEarlyDoesNotLetLaterEntriesSkipTheCheck() throws Exception {
    assertRefused(
        "does not balance in USD",
        "INSERT INTO ledger_transaction (webhook, event_id) VALUES ('rules', 'evt_early')",
        entry("USD", 100, accountA),
        entry("USD", -100, accountB),
        "SET CONSTRAINTS ALL IMMEDIATE",
        entry("USD", 1, accountA));
  }

  @Test
  void checkingEarlyDoesNotLetLaterEntriesSkipTheCheckOfATransactionWrittenInOneStatement()
      throws Exception {
    // As the gateway writes them: the transaction and its entries in one statement.
    assertRefused(
        "does not balance in USD",
        "WITH t AS (INSERT INTO ledger_transaction (webhook, event_id)"
            + " VALUES ('rules', 'evt_early_one_statement') RETURNING id)"
            + " INSERT INTO ledger_entry (transaction_id, account_id, currency, amount)"
            + " SELECT t.id, e.account_id, 'USD', e.amount FROM t, (VALUES ("
            + accountA
            + ", 100), ("
            + accountB
            + ", -100)) AS e (account_id, amount)",
        "SET CONSTRAINTS ALL IMMEDIATE",
        entry("USD", 1, accountA));
  }

  @Test
  void anEntryNamesAnExistingAccountAndTransaction() throws Exception {
    assertRefused(
        "ledger account 999999999 does not exist",
        "INSERT INTO ledger_transaction (webhook, event_id) VALUES ('rules', 'evt_no_account')",
        entry("USD", 100, accountA),
        entry("USD", -100, 999_999_999));
    assertRefused(
        "ledger transaction 999999999 is sealed or does not exist",
        "INSERT INTO ledger_entry (transaction_id, account_id, currency, amount)"
            + " VALUES (999999999, "
            + accountA
            + ", 'USD', 1)");
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
        "INSERT INTO ledger_transaction (webhook, event_id) VALUES ('rules', 'evt_lower')",
        entry("usd", 100, accountA),
        entry("usd", -100, accountB));
    assertRefused(
        "ledger_entry_amount_check",
        "INSERT INTO ledger_transaction (webhook, event_id) VALUES ('rules', 'evt_zero')",
        entry("USD", 0, accountA));
    assertRefused(
        "invalid input syntax for type bigint",
        "INSERT INTO ledger_transaction (webhook, event_id) VALUES ('rules', 'evt_fraction')",
        "INSERT INTO ledger_entry (transaction_id, account_id, currency, amount) VALUES"
            + " (currval('ledger_transaction_id_seq'), "
            + accountA
            + ", 'USD', '1.5')");
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
        adjustmentTransaction(adjustment),
        entry("USD", 5, accountA),
        entry("USD", -5, accountB));
  }

  @Test
  void anAdjustmentIsPostedOnlyForItsApprovedAmountAndCurrency() throws Exception {
    long adjustment = rawAdjustment();
    execute(approval(adjustment, "alice", "bob"));
    execute(approval(adjustment, "alice", "carol"));
    assertRefused(
        "does not post the approved amount",
        adjustmentTransaction(adjustment),
        entry("USD", 5000, accountA),
        entry("USD", -5000, accountB));
    assertRefused(
        "does not post the approved amount",
        adjustmentTransaction(adjustment),
        entry("EUR", 5, accountA),
        entry("EUR", -5, accountB));
    // The approved amount goes through.
    execute(
        adjustmentTransaction(adjustment), entry("USD", 5, accountA), entry("USD", -5, accountB));
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

  private static String adjustmentTransaction(long adjustment) {
    return "INSERT INTO ledger_transaction (webhook, adjustment_id) VALUES ('rules', "
        + adjustment
        + ")";
  }

  /** An entry in the transaction inserted last in this session. */
  private static String entry(String currency, long amount, long account) {
    return "INSERT INTO ledger_entry (transaction_id, account_id, currency, amount) VALUES"
        + " (currval('ledger_transaction_id_seq'), "
        + account
        + ", '"
        + currency
        + "', "
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
