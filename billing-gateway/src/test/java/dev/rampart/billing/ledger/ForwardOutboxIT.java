package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The forwarding outbox on a fresh database per test, since a claim spans its webhooks. */
class ForwardOutboxIT {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final List<String> APP = List.of("app");

  private HikariDataSource dataSource;
  private Ledger ledger;
  private ForwardOutbox outbox;

  @BeforeEach
  void start() {
    dataSource = TestDatabases.newLedger();
    ledger = new Ledger(dataSource);
    outbox = new ForwardOutbox(dataSource);
  }

  @AfterEach
  void stop() {
    dataSource.close();
  }

  private void record(String webhook, String eventId) throws Exception {
    ledger.record(webhook, eventId, "invoice.paid", body(eventId), List.of(), true);
  }

  private static byte[] body(String eventId) {
    return ("{\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Just after the rows were written, by the database's clock. */
  private static Instant now() {
    return Instant.now().plusSeconds(1);
  }

  @Test
  void aClaimLeasesDueDeliveriesOldestFirstUpToTheLimit() throws Exception {
    for (int i = 0; i < 5; i++) {
      record("app", "evt_" + i);
    }
    Instant now = now();
    List<Delivery> first = outbox.claimDue(APP, 3, now, LEASE);
    assertThat(first).extracting(Delivery::eventId).containsExactly("evt_0", "evt_1", "evt_2");
    assertThat(first.getFirst().webhook()).isEqualTo("app");
    assertThat(first.getFirst().body()).isEqualTo(body("evt_0"));
    assertThat(first.getFirst().attempts()).isZero();

    assertThat(outbox.claimDue(APP, 10, now, LEASE))
        .as("leased ones are skipped")
        .extracting(Delivery::eventId)
        .containsExactly("evt_3", "evt_4");
    assertThat(outbox.claimDue(APP, 10, now.plus(LEASE).minusSeconds(1), LEASE)).isEmpty();
    // A gateway that died holding the lease: the deliveries come back when it ends.
    assertThat(outbox.claimDue(APP, 10, now.plus(LEASE), LEASE)).hasSize(5);
  }

  @Test
  void aFailedAttemptIsRetriedAtItsTimeWithItsCount() throws Exception {
    record("app", "evt_retry");
    Instant now = now();
    Delivery delivery = outbox.claimDue(APP, 1, now, LEASE).getFirst();
    outbox.retryAt(delivery.id(), now.plusSeconds(10), 1);

    assertThat(outbox.claimDue(APP, 1, now.plusSeconds(9), LEASE)).isEmpty();
    Delivery again = outbox.claimDue(APP, 1, now.plusSeconds(10), LEASE).getFirst();
    assertThat(again.id()).isEqualTo(delivery.id());
    assertThat(again.attempts()).isEqualTo(1);
  }

  @Test
  void aDeliveredEventIsNeverClaimedAgainAndDropsItsBody() throws Exception {
    record("app", "evt_done");
    Instant now = now();
    Delivery delivery = outbox.claimDue(APP, 1, now, LEASE).getFirst();
    outbox.delivered(delivery.id());
    // A late retry from a gateway whose lease had ended changes nothing.
    outbox.retryAt(delivery.id(), now, 3);

    assertThat(outbox.claimDue(APP, 10, now.plus(Duration.ofDays(1)), LEASE)).isEmpty();
    try (Connection connection = dataSource.getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT body IS NULL, delivered_at IS NOT NULL, attempts FROM forward_outbox")) {
      row.next();
      assertThat(row.getBoolean(1)).isTrue();
      assertThat(row.getBoolean(2)).isTrue();
      assertThat(row.getInt(3)).isZero();
    }
  }

  @Test
  void aDisabledWebhookKeepsItsDeliveriesButGetsNoneUntilEnabledAgain() throws Exception {
    List<String> both = List.of("gone", "alive");
    record("gone", "evt_g1");
    record("gone", "evt_g2");
    record("alive", "evt_a1");
    assertThat(outbox.disabled(both)).isEmpty();

    outbox.disable("gone");
    outbox.disable("gone");

    assertThat(outbox.disabled(both)).containsExactly("gone");
    assertThat(outbox.claimDue(both, 10, now(), LEASE))
        .extracting(Delivery::eventId)
        .containsExactly("evt_a1");
    record("gone", "evt_g3");
    assertThat(outbox.claimDue(both, 10, now().plus(LEASE), LEASE))
        .extracting(Delivery::webhook)
        .containsOnly("alive");
    assertThat(pending("gone")).isEqualTo(3);

    assertThat(outbox.enable("gone")).isTrue();
    assertThat(outbox.enable("gone")).as("already enabled").isFalse();

    assertThat(outbox.disabled(both)).isEmpty();
    assertThat(outbox.claimDue(both, 10, now(), LEASE))
        .extracting(Delivery::eventId)
        .containsExactly("evt_g1", "evt_g2", "evt_g3");
  }

  @Test
  void aClaimTakesOnlyTheNamedWebhooksAndLeavesTheOthersDue() throws Exception {
    record("app", "evt_mine");
    record("other", "evt_theirs");
    Instant now = now();

    assertThat(outbox.claimDue(APP, 10, now, LEASE))
        .extracting(Delivery::eventId)
        .containsExactly("evt_mine");
    // Not leased by that claim: the gateway that forwards it gets it at once.
    assertThat(outbox.claimDue(List.of("other"), 10, now, LEASE))
        .extracting(Delivery::eventId)
        .containsExactly("evt_theirs");
  }

  @Test
  void concurrentGatewaysClaimDisjointDeliveries() throws Exception {
    int events = 400;
    for (int i = 0; i < events; i++) {
      record("app", "evt_" + i);
    }
    Instant now = now();
    ExecutorService gateways = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> claims = new ArrayList<>();
      for (int g = 0; g < 4; g++) {
        claims.add(
            gateways.submit(
                () -> {
                  List<Long> mine = new ArrayList<>();
                  List<Delivery> batch;
                  while (!(batch = outbox.claimDue(APP, 7, now, LEASE)).isEmpty()) {
                    batch.forEach(d -> mine.add(d.id()));
                  }
                  return mine;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> claim : claims) {
        all.addAll(claim.get());
      }
      Set<Long> distinct = new HashSet<>(all);
      assertThat(all).hasSize(events);
      assertThat(distinct).hasSize(events);
    } finally {
      gateways.shutdownNow();
    }
  }

  private long pending(String webhook) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT count(*) FROM forward_outbox WHERE delivered_at IS NULL AND webhook = '"
                        + webhook
                        + "'")) {
      row.next();
      return row.getLong(1);
    }
  }
}
