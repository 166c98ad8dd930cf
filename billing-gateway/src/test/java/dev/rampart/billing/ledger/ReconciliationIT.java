package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReconciliationIT {

  private static final String ACCOUNT = "processor:stripe";

  private static HikariDataSource dataSource;
  private static Reconciliation reconciliation;

  /** processor:stripe holds 10000 USD and 500 EUR. */
  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabases.newLedger();
    reconciliation = new Reconciliation(dataSource);
    Ledger ledger = new Ledger(dataSource);
    ledger.record("payments", "evt_1", "charge.succeeded", new byte[0], charge(7000, "USD"), false);
    ledger.record("payments", "evt_2", "charge.succeeded", new byte[0], charge(3000, "USD"), false);
    ledger.record("payments", "evt_3", "charge.succeeded", new byte[0], charge(500, "EUR"), false);
  }

  @AfterAll
  static void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  private static List<Posting> charge(long amount, String currency) {
    return List.of(new Posting(ACCOUNT, "revenue:sales", amount, currency));
  }

  @Test
  void agreementIsNoDrift() throws Exception {
    assertThat(reconciliation.compare(ACCOUNT, Map.of("USD", 10000L, "EUR", 500L))).isEmpty();
    assertThat(lastCheck()).containsExactly("drifts=0", "EUR 500 500 0", "USD 10000 10000 0");
  }

  @Test
  void oneMinorUnitIsADrift() throws Exception {
    assertThat(reconciliation.compare(ACCOUNT, Map.of("USD", 10001L, "EUR", 500L)))
        .containsExactly(new Drift(ACCOUNT, "USD", 10000, 10001, -1));
    assertThat(lastCheck()).containsExactly("drifts=1", "EUR 500 500 0", "USD 10000 10001 -1");

    assertThat(reconciliation.compare(ACCOUNT, Map.of("USD", 10000L, "EUR", 499L)))
        .containsExactly(new Drift(ACCOUNT, "EUR", 500, 499, 1));
  }

  @Test
  void aCurrencyOnOneSideOnlyIsADrift() throws Exception {
    assertThat(reconciliation.compare(ACCOUNT, Map.of("USD", 10000L, "GBP", 3L)))
        .containsExactly(
            new Drift(ACCOUNT, "EUR", 500, 0, 500), new Drift(ACCOUNT, "GBP", 0, 3, -3));
    assertThat(lastCheck())
        .containsExactly("drifts=2", "EUR 500 0 500", "GBP 0 3 -3", "USD 10000 10000 0");
    assertThat(reconciliation.compare("nobody", Map.of())).isEmpty();
  }

  @Test
  void reportedCurrenciesAreUpperCaseCodes() {
    assertThatThrownBy(() -> reconciliation.compare(ACCOUNT, Map.of("usd", 1L)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The latest stored check of ACCOUNT: its drift count, then each currency compared. */
  private static List<String> lastCheck() throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    """
                    SELECT c.drifts, b.currency, b.ledger_minor_units, b.reported_minor_units,
                      b.difference
                    FROM reconciliation_check c JOIN reconciliation_balance b ON b.check_id = c.id
                    WHERE c.id = (SELECT max(id) FROM reconciliation_check
                                  WHERE account = 'processor:stripe')
                    ORDER BY b.currency
                    """)) {
      while (rows.next()) {
        if (lines.isEmpty()) {
          lines.add("drifts=" + rows.getInt(1));
        }
        lines.add(
            rows.getString(2)
                + " "
                + rows.getLong(3)
                + " "
                + rows.getLong(4)
                + " "
                + rows.getLong(5));
      }
    }
    return lines;
  }
}
