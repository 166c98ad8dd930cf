package dev.rampart.billing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Compares a ledger account with the balances the processor reports for it, and keeps every
 * comparison in {@code reconciliation_check} and {@code reconciliation_balance} for audit.
 */
public final class Reconciliation {

  private record Compared(String currency, long ledger, long reported, long difference) {}

  private final DataSource dataSource;

  public Reconciliation(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Every currency in which the ledger balance of {@code account} differs from the reported one by
   * one minor unit or more; a currency missing on one side counts as a balance of 0 there.
   *
   * @param reportedByCurrency upper-case ISO 4217 code to balance in minor units
   * @return the drifts, by currency; empty when the ledger agrees
   */
  public List<Drift> compare(String account, Map<String, Long> reportedByCurrency)
      throws SQLException {
    Objects.requireNonNull(account, "account");
    for (String currency : reportedByCurrency.keySet()) {
      if (!Currencies.isCode(currency)) {
        throw new IllegalArgumentException("a reported currency is three upper-case letters");
      }
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Map<String, Long> ledger = new HashMap<>();
        Ledger.readBalances(connection, account, ledger);
        TreeSet<String> currencies = new TreeSet<>(ledger.keySet());
        currencies.addAll(reportedByCurrency.keySet());
        List<Compared> compared = new ArrayList<>();
        List<Drift> drifts = new ArrayList<>();
        for (String currency : currencies) {
          long inLedger = ledger.getOrDefault(currency, 0L);
          long reported = reportedByCurrency.getOrDefault(currency, 0L);
          long difference = Math.subtractExact(inLedger, reported);
          compared.add(new Compared(currency, inLedger, reported, difference));
          if (difference != 0) {
            drifts.add(new Drift(account, currency, inLedger, reported, difference));
          }
        }
        store(connection, account, compared, drifts.size());
        connection.commit();
        return drifts;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Keeps the check and every compared currency, drifting or not. */
  private static void store(
      Connection connection, String account, List<Compared> compared, int drifts)
      throws SQLException {
    long checkId;
    try (PreparedStatement check =
        connection.prepareStatement(
            "INSERT INTO reconciliation_check (account, drifts) VALUES (?, ?) RETURNING id")) {
      check.setString(1, account);
      check.setInt(2, drifts);
      try (ResultSet row = check.executeQuery()) {
        row.next();
        checkId = row.getLong(1);
      }
    }
    try (PreparedStatement balance =
        connection.prepareStatement(
            "INSERT INTO reconciliation_balance (check_id, currency, ledger_minor_units,"
                + " reported_minor_units, difference) VALUES (?, ?, ?, ?, ?)")) {
      for (Compared c : compared) {
        balance.setLong(1, checkId);
        balance.setString(2, c.currency());
        balance.setLong(3, c.ledger());
        balance.setLong(4, c.reported());
        balance.setLong(5, c.difference());
        balance.addBatch();
      }
      balance.executeBatch();
    }
  }
}
