package dev.rampart.billing.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The database goes away: nothing is acknowledged that is not committed, and service resumes. */
class DatabaseOutageIT {

  @Test
  void whileTheDatabaseIsUnreachableEventsAre503AndTheGatewayRecoversByItself() {
    String database = TestLedgers.newDatabase();
    try (TcpProxy proxy = new TcpProxy(TestLedgers.server().port());
        TestGateway gateway = TestGateway.start(database, proxy.port(), config -> {})) {
      String before = "evt_" + UUID.randomUUID();
      assertThat(gateway.postStripe(charge(before)).statusCode()).isEqualTo(200);

      proxy.cut();
      String during = "evt_" + UUID.randomUUID();
      HttpResponse<String> refused = gateway.postStripe(charge(during));

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(gateway.get(gateway.management("/readyz")).statusCode()).isEqualTo(503);
      assertThat(gateway.get(gateway.management("/healthz")).statusCode()).isEqualTo(200);
      assertThat(gateway.metrics())
          .containsPattern(
              "billing_webhook_duration_seconds_count\\{outcome=\"unavailable\",webhook=\"payments\"} [1-9]");
      assertThat(gateway.count("SELECT count(*) FROM webhook_event WHERE event_id = ?", during))
          .isZero();

      proxy.restore();
      // The processor retries the event it was refused.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> gateway.postStripe(charge(during)).statusCode() == 200);
      assertThat(gateway.get(gateway.management("/readyz")).statusCode()).isEqualTo(200);
      assertThat(
              gateway.count("SELECT count(*) FROM ledger_transaction WHERE event_id = ?", during))
          .isEqualTo(1);
    }
  }

  @Test
  void restartingPostgresUnderLoadLosesNoAcknowledgedEvent() throws Exception {
    try (TestGateway gateway = TestGateway.start()) {
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger acknowledgedAfterRestart = new AtomicInteger();
      Instant restartAt = Instant.now().plusSeconds(2);
      Instant end = restartAt.plusSeconds(5);
      AtomicBoolean restarted = new AtomicBoolean();
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < 8; c++) {
          clients.submit(
              () -> {
                while (Instant.now().isBefore(end)) {
                  String id = "evt_" + UUID.randomUUID();
                  try {
                    if (gateway.postStripe(charge(id)).statusCode() == 200) {
                      acknowledged.add(id);
                      if (restarted.get()) {
                        acknowledgedAfterRestart.incrementAndGet();
                      }
                    } else {
                      refused.incrementAndGet();
                    }
                  } catch (RuntimeException e) {
                    refused.incrementAndGet(); // the connection broke: not acknowledged
                  }
                }
                return null;
              });
        }
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), restartAt).toMillis()));
        TestLedgers.server().restart();
        restarted.set(true);
      }

      assertThat(acknowledged).hasSizeGreaterThan(20);
      assertThat(acknowledgedAfterRestart).hasPositiveValue();
      List<String> ids = List.copyOf(acknowledged);
      long stored =
          gateway.count(
              "SELECT count(*) FROM ledger_transaction WHERE event_id = ANY (?)",
              (Object) ids.toArray(String[]::new));
      assertThat(stored)
          .as("acknowledged events in the ledger (%d refused)", refused.get())
          .isEqualTo(ids.size());
    }
  }

  private static String charge(String id) {
    return TestGateway.stripeEvent(id, "charge.succeeded", 100, "usd");
  }
}
