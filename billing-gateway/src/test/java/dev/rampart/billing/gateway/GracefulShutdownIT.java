package dev.rampart.billing.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Closing the gateway stops new requests and lets the ones in flight commit and answer. */
class GracefulShutdownIT {

  @Test
  void aRequestInFlightWhenShutdownStartsStillCommitsAndGets200() throws Exception {
    TestGateway gateway = TestGateway.start();
    String id = "evt_" + UUID.randomUUID();
    try (Connection blocker = TestLedgers.superuser(gateway.database)) {
      // An uncommitted row with the event's key: the gateway's insert waits for this transaction.
      blocker.setAutoCommit(false);
      try (PreparedStatement insert =
          blocker.prepareStatement(
              "INSERT INTO webhook_event (webhook, event_id, event_type) VALUES ('payments', ?, 'x')")) {
        insert.setString(1, id);
        insert.executeUpdate();
      }
      CompletableFuture<HttpResponse<String>> inFlight =
          CompletableFuture.supplyAsync(
              () -> gateway.postStripe(TestGateway.stripeEvent(id, "charge.succeeded", 10, "usd")));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  gateway.count(
                          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                      == 1);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThatThrownBy(
                          () ->
                              gateway.postStripe(
                                  TestGateway.stripeEvent("evt_new", "charge.succeeded", 1, "usd")))
                      .isInstanceOf(UncheckedIOException.class)
                      .hasCauseInstanceOf(ConnectException.class));
      assertThat(closing).isNotDone();

      blocker.rollback();
      HttpResponse<String> response = inFlight.get();
      closing.get();

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(
              TestLedgers.queryLong(
                  gateway.database,
                  "SELECT count(*) FROM ledger_transaction WHERE event_id = ?",
                  id))
          .isEqualTo(1);
    }
  }
}
