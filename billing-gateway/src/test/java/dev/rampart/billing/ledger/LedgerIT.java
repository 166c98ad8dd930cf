package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Ledger} against a real PostgreSQL. Each test uses webhook names of its own. */
class LedgerIT {

  private static HikariDataSource dataSource;
  private static Ledger ledger;

  private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\"}".getBytes();

  @BeforeAll
  static void start() {
    dataSource = TestDatabases.newLedger();
    ledger = new Ledger(dataSource);
  }

  @AfterAll
  static void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  /** A charge between accounts of the test's own, named after its webhook. */
  private static List<Posting> charge(String webhook, long amount, String currency) {
    return List.of(new Posting(webhook + ":processor", webhook + ":revenue", amount, currency));
  }

  @Test
  void postsEachEventAsOneBalancedTransaction() throws Exception {
    String webhook = "balanced";
    assertThat(
            ledger.record(
                webhook, "evt_a", "charge.succeeded", BODY, charge(webhook, 2000, "USD"), false))
        .isEqualTo(RecordResult.RECORDED);
    assertThat(
            ledger.record(
                webhook,
                "evt_b",
                "charge.succeeded",
                BODY,
                List.of(
                    new Posting("balanced:processor", "balanced:revenue", 500, "EUR"),
                    new Posting("balanced:fees", "balanced:processor", 30, "EUR")),
                false))
        .isEqualTo(RecordResult.RECORDED);

    assertThat(ledger.balances("balanced:processor"))
        .containsExactly(Map.entry("EUR", 470L), Map.entry("USD", 2000L));
    assertThat(ledger.balances("balanced:revenue"))
        .containsExactly(Map.entry("EUR", -500L), Map.entry("USD", -2000L));
    assertThat(ledger.balances("balanced:fees")).containsExactly(Map.entry("EUR", 30L));
    assertThat(ledger.balances("nobody")).isEmpty();
    assertThat(count("SELECT count(*) FROM ledger_transaction WHERE webhook = 'balanced'"))
        .isEqualTo(2);
    assertThat(
            count(
                "SELECT count(*) FROM ledger_entry e JOIN ledger_transaction t"
                    + " ON t.id = e.transaction_id WHERE t.webhook = 'balanced'"))
        .isEqualTo(6);
  }

  @Test
  void aDuplicateIsNotPostedAgain() throws Exception {
    String webhook = "duplicate";
    List<Posting> postings = List.of(new Posting("dup:debit", "dup:credit", 100, "USD"));
    assertThat(ledger.record(webhook, "evt_1", "charge.succeeded", BODY, postings, true))
        .isEqualTo(RecordResult.RECORDED);
    assertThat(ledger.record(webhook, "evt_1", "charge.succeeded", BODY, postings, true))
        .isEqualTo(RecordResult.DUPLICATE);
    // The same event id on another webhook is another event.
    assertThat(ledger.record("duplicate-2", "evt_1", "charge.succeeded", BODY, postings, true))
        .isEqualTo(RecordResult.RECORDED);

    assertThat(ledger.balances("dup:debit")).containsExactly(Map.entry("USD", 200L));
    assertThat(count("SELECT count(*) FROM forward_outbox WHERE webhook = 'duplicate'"))
        .isEqualTo(1);
  }

  @Test
  void aConcurrentCopyWaitsForTheFirstToCommitAndIsThenADuplicate() throws Exception {
    List<Posting> postings = List.of(new Posting("race:debit", "race:credit", 7, "USD"));
    try (Connection first = dataSource.getConnection()) {
      first.setAutoCommit(false);
      insertEventKey(first, "racing", "evt_committed");
      CompletableFuture<RecordResult> second =
          CompletableFuture.supplyAsync(() -> record("racing", "evt_committed", postings));
      // Blocked on the first insert for as long as that transaction is open.
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !second.isDone());
      first.commit();
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(RecordResult.DUPLICATE);
    }
    assertThat(ledger.balances("race:debit")).isEmpty();
  }

  @Test
  void aConcurrentCopyRecordsWhenTheFirstRollsBack() throws Exception {
    List<Posting> postings = List.of(new Posting("rollback:debit", "rollback:credit", 7, "USD"));
    try (Connection first = dataSource.getConnection()) {
      first.setAutoCommit(false);
      insertEventKey(first, "racing", "evt_rolled_back");
      CompletableFuture<RecordResult> second =
          CompletableFuture.supplyAsync(() -> record("racing", "evt_rolled_back", postings));
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !second.isDone());
      first.rollback();
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(RecordResult.RECORDED);
    }
    assertThat(ledger.balances("rollback:debit")).containsExactly(Map.entry("USD", 7L));
  }

  @Test
  void anUnmappedEventIsRecordedWithoutATransaction() throws Exception {
    assertThat(ledger.record("unmapped", "evt_c", "customer.created", BODY, List.of(), true))
        .isEqualTo(RecordResult.RECORDED);
    assertThat(ledger.record("unmapped", "evt_c", "customer.created", BODY, List.of(), true))
        .isEqualTo(RecordResult.DUPLICATE);
    assertThat(count("SELECT count(*) FROM webhook_event WHERE webhook = 'unmapped'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM ledger_transaction WHERE webhook = 'unmapped'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM forward_outbox WHERE webhook = 'unmapped'"))
        .isEqualTo(1);
  }

  @Test
  void theBodyIsKeptForForwardingOnlyWhenAsked() throws Exception {
    byte[] body = "{\"id\":\"evt_f\",\"amount\":2000}".getBytes(StandardCharsets.UTF_8);
    ledger.record("forwarded", "evt_f", "charge.succeeded", body, charge("fwd", 1, "USD"), true);
    ledger.record(
        "not-forwarded", "evt_f", "charge.succeeded", body, charge("fwd", 1, "USD"), false);
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT webhook, event_id, body, attempts FROM forward_outbox"
                        + " WHERE webhook IN ('forwarded', 'not-forwarded')")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("forwarded");
      assertThat(rows.getString(2)).isEqualTo("evt_f");
      assertThat(rows.getBytes(3)).isEqualTo(body);
      assertThat(rows.getInt(4)).isZero();
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  void aBodyWithCardDataIsRefusedAndNothingIsStored() throws SQLException {
    byte[] body =
        "{\"id\":\"evt_pan\",\"card\":{\"number\":\"4242 4242 4242 4242\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                ledger.record(
                    "cards", "evt_pan", "charge.succeeded", body, charge("cards", 1, "USD"), true))
        .isInstanceOfSatisfying(
            RefusedEventException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusedEventException.Reason.CARD_DATA))
        .message()
        .doesNotContain("4242");
    assertThat(count("SELECT count(*) FROM webhook_event WHERE webhook = 'cards'")).isZero();
    assertThat(count("SELECT count(*) FROM forward_outbox WHERE webhook = 'cards'")).isZero();
    assertThat(count("SELECT count(*) FROM ledger_transaction WHERE webhook = 'cards'")).isZero();
  }

  @Test
  void anEventIdOrTypeTheLedgerCannotStoreExactlyIsRefused() throws Exception {
    // Empty, too long, a NUL (PostgreSQL refuses it), an unpaired surrogate (written as '?'),
    // non-ASCII, a space.
    String[] unusable = {"", "e".repeat(256), "evt_\0", "evt_\ud800", "evt_é", "evt 1"};
    for (String value : unusable) {
      for (String[] idAndType : new String[][] {{value, "t"}, {"evt_ok", value}}) {
        assertThatThrownBy(
                () -> ledger.record("ids", idAndType[0], idAndType[1], BODY, List.of(), false))
            .as("id %s, type %s", idAndType[0], idAndType[1])
            .isInstanceOfSatisfying(
                RefusedEventException.class,
                e -> assertThat(e.reason()).isEqualTo(RefusedEventException.Reason.INVALID_EVENT));
      }
    }
    assertThat(count("SELECT count(*) FROM webhook_event WHERE webhook = 'ids'")).isZero();
    assertThat(ledger.record("ids", "e".repeat(255), "t", BODY, List.of(), false))
        .isEqualTo(RecordResult.RECORDED);
  }

  @Test
  void pruningForgetsOldKeysInBatchesButNeverThePostings() throws Exception {
    String webhook = "pruned";
    int old = Ledger.PRUNE_BATCH * 2 + 17;
    for (int i = 0; i < old; i++) {
      List<Posting> postings = i % 2 == 0 ? charge(webhook, 1, "JPY") : List.of();
      ledger.record(webhook, "evt_old_" + i, "charge.succeeded", BODY, postings, i == 0);
    }
    ledger.record(
        webhook, "evt_recent", "charge.succeeded", BODY, charge(webhook, 1, "JPY"), false);
    execute(
        "UPDATE webhook_event SET received_at = now() - interval '31 days'"
            + " WHERE webhook = 'pruned' AND event_id LIKE 'evt_old_%'");
    long delivered = firstOutboxId(webhook);
    new ForwardOutbox(dataSource).delivered(delivered);
    execute(
        "UPDATE forward_outbox SET delivered_at = now() - interval '31 days' WHERE id = "
            + delivered);
    long transactions = count("SELECT count(*) FROM ledger_transaction WHERE webhook = 'pruned'");

    assertThat(ledger.prune(webhook, Duration.ofDays(30))).isEqualTo(old);

    assertThat(count("SELECT count(*) FROM webhook_event WHERE webhook = 'pruned'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM forward_outbox WHERE webhook = 'pruned'")).isZero();
    assertThat(count("SELECT count(*) FROM ledger_transaction WHERE webhook = 'pruned'"))
        .isEqualTo(transactions);
    assertThat(ledger.prune(webhook, Duration.ofDays(30))).isZero();
    // A replay of a pruned event that had postings is still not posted twice...
    assertThat(
            ledger.record(
                webhook, "evt_old_0", "charge.succeeded", BODY, charge(webhook, 1, "JPY"), true))
        .isEqualTo(RecordResult.DUPLICATE);
    assertThat(count("SELECT count(*) FROM forward_outbox WHERE webhook = 'pruned'")).isZero();
    // ...while one without postings is, after its window, a new event.
    assertThat(ledger.record(webhook, "evt_old_1", "charge.succeeded", BODY, List.of(), false))
        .isEqualTo(RecordResult.RECORDED);
    assertThat(ledger.balances("pruned:processor")).containsExactly(Map.entry("JPY", transactions));
  }

  private static RecordResult record(String webhook, String eventId, List<Posting> postings) {
    try {
      return ledger.record(webhook, eventId, "charge.succeeded", BODY, postings, false);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void insertEventKey(Connection connection, String webhook, String eventId)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO webhook_event (webhook, event_id, event_type) VALUES (?, ?, 't')")) {
      insert.setString(1, webhook);
      insert.setString(2, eventId);
      insert.executeUpdate();
    }
  }

  private static long firstOutboxId(String webhook) throws SQLException {
    return count("SELECT min(id) FROM forward_outbox WHERE webhook = '" + webhook + "'");
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.createStatement().execute(sql);
    }
  }
}
