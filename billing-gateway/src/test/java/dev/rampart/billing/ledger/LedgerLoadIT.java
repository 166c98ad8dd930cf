package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Processors retry and gateways run in replicas: many copies of each event arrive at once. */
class LedgerLoadIT {

  private static final Logger log = LoggerFactory.getLogger(LedgerLoadIT.class);
  private static final int EVENTS = 10_000;
  private static final int COPIES = 10;

  private static HikariDataSource dataSource;

  @BeforeAll
  static void start() {
    dataSource = TestDatabases.newLedger();
  }

  @AfterAll
  static void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  /** Event i is a charge of i + 1 minor units, in USD when i is even and EUR when odd. */
  private static List<Posting> postings(int i) {
    return List.of(new Posting("processor:stripe", "revenue:sales", i + 1, currency(i)));
  }

  private static String currency(int i) {
    return i % 2 == 0 ? "USD" : "EUR";
  }

  @Test
  void tenConcurrentCopiesOfEachEventArePostedOnce() throws Exception {
    Ledger ledger = new Ledger(dataSource);
    ExecutorService copies = Executors.newFixedThreadPool(COPIES);
    CountDownLatch go = new CountDownLatch(1);
    long started = System.nanoTime();
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int c = 0; c < COPIES; c++) {
        // Every copy walks the events in the same order, so copies of an event race each other.
        results.add(
            copies.submit(
                () -> {
                  go.await();
                  int[] counts = new int[RecordResult.values().length];
                  for (int i = 0; i < EVENTS; i++) {
                    String id = "evt_" + i;
                    byte[] body =
                        ("{\"id\":\"" + id + "\",\"amount\":" + (i + 1) + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    RecordResult result =
                        ledger.record("load", id, "charge.succeeded", body, postings(i), true);
                    counts[result.ordinal()]++;
                  }
                  return counts;
                }));
      }
      go.countDown();
      int recorded = 0;
      int duplicates = 0;
      for (Future<int[]> result : results) {
        int[] counts = result.get();
        recorded += counts[RecordResult.RECORDED.ordinal()];
        duplicates += counts[RecordResult.DUPLICATE.ordinal()];
      }
      log.info(
          "{} copies of {} events recorded in {} ms",
          COPIES,
          EVENTS,
          (System.nanoTime() - started) / 1_000_000);
      assertThat(recorded).isEqualTo(EVENTS);
      assertThat(duplicates).isEqualTo(EVENTS * (COPIES - 1));
    } finally {
      copies.shutdownNow();
    }

    assertThat(value("SELECT count(*) FROM ledger_transaction")).isEqualTo(EVENTS);
    assertThat(value("SELECT count(*) FROM ledger_entry")).isEqualTo(2L * EVENTS);
    assertThat(value("SELECT count(*) FROM webhook_event")).isEqualTo(EVENTS);
    assertThat(value("SELECT count(*) FROM forward_outbox")).isEqualTo(EVENTS);
    assertThat(value("SELECT count(DISTINCT event_id) FROM forward_outbox")).isEqualTo(EVENTS);
    assertThat(
            value(
                "SELECT count(*) FROM (SELECT 1 FROM ledger_entry GROUP BY transaction_id, currency"
                    + " HAVING sum(amount) <> 0) unbalanced"))
        .isZero();
    long usd = 0;
    long eur = 0;
    for (int i = 0; i < EVENTS; i++) {
      if (currency(i).equals("USD")) {
        usd += i + 1;
      } else {
        eur += i + 1;
      }
    }
    assertThat(ledger.balances("processor:stripe"))
        .containsExactly(Map.entry("EUR", eur), Map.entry("USD", usd));
    assertThat(ledger.balances("revenue:sales"))
        .containsExactly(Map.entry("EUR", -eur), Map.entry("USD", -usd));
  }

  private static long value(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
