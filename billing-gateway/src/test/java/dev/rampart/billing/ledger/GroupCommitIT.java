package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events recorded concurrently are written in shared database transactions, yet each caller gets
 * its own answer. Each test holds the only committer on an idempotency key that another transaction
 * inserted and has not committed, so that the events recorded meanwhile queue up and are written as
 * one batch once that transaction ends.
 */
class GroupCommitIT {

  private static final String WEBHOOK = "batch";
  private static final List<Posting> CHARGE =
      List.of(new Posting("batch:processor", "batch:revenue", 100, "USD"));

  private HikariDataSource dataSource;
  private Ledger ledger;
  private final List<Connection> holders = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    dataSource = TestDatabases.newLedger();
    ledger = new Ledger(dataSource, GroupCommit.MAX_BATCH, 1);
    // Resolves the accounts now, so that recording later waits for nothing but the commit.
    ledger.record(WEBHOOK, "evt_first", "charge.succeeded", body("evt_first"), CHARGE, true);
  }

  @AfterEach
  void stop() throws SQLException {
    for (Connection holder : holders) {
      holder.close();
    }
    dataSource.close();
  }

  @Test
  void copiesOfAnEventInOneBatchArePostedOnceAndTheRestOfTheBatchWithThem() throws Exception {
    Connection holder = holdKey("evt_hold");
    Recording held = record("evt_hold");
    awaitLockWaits(1);
    List<Recording> copies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      copies.add(record("evt_copied"));
    }
    Recording other = record("evt_other");
    awaitQueued(copies);
    awaitQueued(List.of(other));

    holder.rollback();

    assertThat(held.result()).isEqualTo(RecordResult.RECORDED);
    List<RecordResult> results = new ArrayList<>();
    for (Recording copy : copies) {
      results.add(copy.result());
    }
    assertThat(results)
        .containsExactlyInAnyOrder(
            RecordResult.RECORDED,
            RecordResult.DUPLICATE,
            RecordResult.DUPLICATE,
            RecordResult.DUPLICATE,
            RecordResult.DUPLICATE);
    assertThat(other.result()).isEqualTo(RecordResult.RECORDED);
    assertThat(count("SELECT count(*) FROM ledger_transaction WHERE event_id = 'evt_copied'"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM forward_outbox WHERE event_id = 'evt_copied'"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(DISTINCT xmin::text) FROM ledger_transaction"
                    + " WHERE event_id IN ('evt_copied', 'evt_other')"))
        .as("written by one database transaction")
        .isEqualTo(1);
    assertThat(ledger.balances("batch:processor")).isEqualTo(Map.of("USD", 400L));
  }

  @Test
  void anEventTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsRecorded() throws Exception {
    execute(
        "ALTER TABLE webhook_event ADD CONSTRAINT test_refused CHECK (event_id <> 'evt_refused')");
    Connection holder = holdKey("evt_hold");
    Recording held = record("evt_hold");
    awaitLockWaits(1);
    List<Recording> batch =
        List.of(record("evt_a"), record("evt_refused"), record("evt_b"), record("evt_a"));
    awaitQueued(batch);

    holder.rollback();

    assertThat(held.result()).isEqualTo(RecordResult.RECORDED);
    assertThat(batch.get(0).result()).isNotEqualTo(batch.get(3).result());
    assertThat(List.of(batch.get(0).result(), batch.get(3).result()))
        .contains(RecordResult.RECORDED);
    assertThat(batch.get(1).failure()).isInstanceOf(SQLException.class);
    assertThat(((SQLException) batch.get(1).failure()).getSQLState()).isEqualTo("23514");
    assertThat(batch.get(2).result()).isEqualTo(RecordResult.RECORDED);
    assertThat(count("SELECT count(*) FROM webhook_event WHERE event_id = 'evt_refused'")).isZero();
    assertThat(
            count("SELECT count(*) FROM ledger_transaction WHERE event_id IN ('evt_a', 'evt_b')"))
        .isEqualTo(2);
    assertThat(ledger.balances("batch:processor")).isEqualTo(Map.of("USD", 400L));
  }

  @Test
  void aDatabaseFailureFailsEveryEventOfTheBatchAndWritesNone() throws Exception {
    Connection first = holdKey("evt_hold");
    Connection second = holdKey("evt_z_locked");
    Recording held = record("evt_hold");
    awaitLockWaits(1);
    // Written in key order: evt_c and evt_d, then a wait for evt_z_locked.
    List<Recording> batch = List.of(record("evt_z_locked"), record("evt_c"), record("evt_d"));
    awaitQueued(batch);
    first.rollback();
    assertThat(held.result()).isEqualTo(RecordResult.RECORDED);
    awaitLockWaits(1);

    execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND wait_event_type = 'Lock'");

    for (Recording recording : batch) {
      assertThat(recording.failure()).isInstanceOf(SQLException.class);
      assertThat(((SQLException) recording.failure()).getSQLState()).startsWith("57");
    }
    second.rollback();
    assertThat(
            count(
                "SELECT count(*) FROM webhook_event"
                    + " WHERE event_id IN ('evt_c', 'evt_d', 'evt_z_locked')"))
        .isZero();
  }

  /** One {@link Ledger#record} call running on a thread of its own. */
  private record Recording(Thread thread, CompletableFuture<RecordResult> outcome) {
    RecordResult result() throws Exception {
      return outcome.get(30, TimeUnit.SECONDS);
    }

    Throwable failure() throws Exception {
      try {
        outcome.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        return e.getCause();
      }
      throw new AssertionError("recorded, but expected to fail");
    }
  }

  private Recording record(String eventId) {
    CompletableFuture<RecordResult> outcome = new CompletableFuture<>();
    Thread thread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    outcome.complete(
                        ledger.record(
                            WEBHOOK, eventId, "charge.succeeded", body(eventId), CHARGE, true));
                  } catch (Exception e) {
                    outcome.completeExceptionally(e);
                  }
                });
    return new Recording(thread, outcome);
  }

  /** Until each call waits for its batch's commit. */
  private static void awaitQueued(List<Recording> recordings) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> recordings.stream().allMatch(r -> r.thread().getState() == Thread.State.WAITING));
  }

  /** Until {@code count} sessions of this database wait for a lock. */
  private void awaitLockWaits(int count) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND wait_event_type = 'Lock'")
                    == count);
  }

  /** A transaction, left open, that inserted the idempotency key of {@code eventId}. */
  private Connection holdKey(String eventId) throws SQLException {
    Connection holder = dataSource.getConnection();
    holders.add(holder);
    holder.setAutoCommit(false);
    try (PreparedStatement insert =
        holder.prepareStatement(
            "INSERT INTO webhook_event (webhook, event_id, event_type) VALUES (?, ?, 't')")) {
      insert.setString(1, WEBHOOK);
      insert.setString(2, eventId);
      insert.executeUpdate();
    }
    return holder;
  }

  private static byte[] body(String eventId) {
    return ("{\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
