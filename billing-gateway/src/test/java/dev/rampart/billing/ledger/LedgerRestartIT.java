package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.rampart.localcp.LocalPostgres;
import dev.rampart.localcp.Servers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL crashes and comes back while webhooks keep arriving. Writers behave like processors
 * answered 503: they send the same event again until it is acknowledged. Afterwards every
 * acknowledged event is in the ledger exactly once. A server of its own, since it is restarted.
 */
class LedgerRestartIT {

  private static final int WRITERS = 6;
  private static final byte[] BODY = "{}".getBytes();

  private static LocalPostgres postgres;
  private static HikariDataSource dataSource;

  @BeforeAll
  static void start() {
    postgres = LocalPostgres.start(Servers.fromCache());
    TestDatabases.createRole(postgres);
    dataSource = TestDatabases.newLedger(postgres);
  }

  @AfterAll
  static void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void noAcknowledgedEventIsLostOrPostedTwice() throws Exception {
    Ledger ledger = new Ledger(dataSource);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger failures = new AtomicInteger();
    AtomicBoolean stopping = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      String writer = "w" + w;
      running.add(
          writers.submit(
              () -> {
                for (int n = 0; !stopping.get(); n++) {
                  String eventId = writer + "-" + n;
                  List<Posting> postings =
                      List.of(new Posting("processor:stripe", "revenue:sales", 1, "USD"));
                  while (true) {
                    try {
                      // RECORDED, or DUPLICATE when an attempt committed but its answer was lost.
                      ledger.record("restart", eventId, "charge.succeeded", BODY, postings, true);
                      acknowledged.add(eventId);
                      break;
                    } catch (SQLException e) {
                      failures.incrementAndGet();
                      Thread.sleep(50);
                    }
                  }
                }
                return null;
              }));
    }
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 500);
      postgres.restart();
      int atRestart = acknowledged.size();
      await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= atRestart + 500);
    } finally {
      stopping.set(true);
      for (Future<?> writer : running) {
        writer.get();
      }
      writers.shutdown();
    }

    assertThat(failures.get()).as("the restart failed some writes").isPositive();
    assertThat(column("SELECT event_id FROM webhook_event")).isEqualTo(acknowledged);
    assertThat(column("SELECT event_id FROM ledger_transaction")).isEqualTo(acknowledged);
    assertThat(column("SELECT event_id FROM forward_outbox")).isEqualTo(acknowledged);
    assertThat(count("SELECT count(*) FROM ledger_transaction")).isEqualTo(acknowledged.size());
    assertThat(count("SELECT count(*) FROM forward_outbox")).isEqualTo(acknowledged.size());
    assertThat(ledger.balances("processor:stripe"))
        .isEqualTo(Map.of("USD", (long) acknowledged.size()));
  }

  private static Set<String> column(String sql) throws SQLException {
    Set<String> values = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
