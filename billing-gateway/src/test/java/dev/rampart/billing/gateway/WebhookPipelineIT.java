package dev.rampart.billing.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Real HTTP into a gateway on a real PostgreSQL: what is recorded, refused and counted. */
class WebhookPipelineIT {

  private static TestGateway gateway;
  private static ListAppender<ILoggingEvent> logs;

  @BeforeAll
  static void start() {
    logs = new ListAppender<>();
    logs.start();
    rootLogger().addAppender(logs);
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    rootLogger().detachAppender(logs);
  }

  private static Logger rootLogger() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
  }

  private long events;
  private long entries;

  @BeforeEach
  void countRows() {
    events = gateway.count("SELECT count(*) FROM webhook_event");
    entries = gateway.count("SELECT count(*) FROM ledger_entry");
  }

  private void assertNothingStored() {
    assertThat(gateway.count("SELECT count(*) FROM webhook_event")).isEqualTo(events);
    assertThat(gateway.count("SELECT count(*) FROM ledger_entry")).isEqualTo(entries);
  }

  @Test
  void aSignedStripeEventIsPostedOnceAndAnswered200AfterCommit() {
    long sales = gateway.balance("revenue:sales", "EUR");
    String id = "evt_" + UUID.randomUUID();

    HttpResponse<String> response =
        gateway.postStripe(TestGateway.stripeEvent(id, "charge.succeeded", 1999, "eur"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("recorded");
    assertThat(gateway.count("SELECT count(*) FROM webhook_event WHERE event_id = ?", id))
        .isEqualTo(1);
    assertThat(gateway.balance("revenue:sales", "EUR")).isEqualTo(sales - 1999);
    assertThat(gateway.count("SELECT count(*) FROM ledger_entry")).isEqualTo(entries + 2);
  }

  @Test
  void aStandardWebhooksEventIsIdentifiedByItsWebhookIdHeader() {
    String id = "msg_" + UUID.randomUUID();
    String body = "{\"type\":\"invoice.paid\",\"data\":{\"amount\":500,\"currency\":\"usd\"}}";

    assertThat(gateway.postStandard(id, body).statusCode()).isEqualTo(200);
    assertThat(gateway.postStandard(id, body).body()).contains("duplicate");

    assertThat(
            gateway.count(
                "SELECT count(*) FROM webhook_event WHERE webhook = 'subscriptions' AND event_id = ?",
                id))
        .isEqualTo(1);
    assertThat(gateway.count("SELECT count(*) FROM ledger_entry")).isEqualTo(entries + 2);
  }

  @Test
  void anEventTypeWithoutPostingsIsRecordedForIdempotencyOnly() {
    String id = "evt_" + UUID.randomUUID();

    assertThat(
            gateway
                .postStripe(TestGateway.stripeEvent(id, "customer.created", 0, "usd"))
                .statusCode())
        .isEqualTo(200);

    assertThat(gateway.count("SELECT count(*) FROM webhook_event")).isEqualTo(events + 1);
    assertThat(gateway.count("SELECT count(*) FROM ledger_entry")).isEqualTo(entries);
  }

  @Test
  void forgedStaleFutureMissingMalformedAndOversizedRequestsAreRefusedWithNothingStored() {
    String body = TestGateway.stripeEvent("evt_" + UUID.randomUUID(), "charge.succeeded", 5, "usd");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var payments = gateway.webhooks("/webhooks/payments");

    HttpResponse<String> forged =
        gateway.postStripe(body, "whsec_" + TestGateway.randomBase64(24), Instant.now());
    HttpResponse<String> stale =
        gateway.postStripe(body, TestGateway.STRIPE_SECRET, Instant.now().minusSeconds(301));
    HttpResponse<String> future =
        gateway.postStripe(body, TestGateway.STRIPE_SECRET, Instant.now().plusSeconds(600));
    HttpResponse<String> missing = gateway.post(payments, bytes, Map.of());
    HttpResponse<String> malformed =
        gateway.post(payments, bytes, Map.of("Stripe-Signature", "t=abc,v1=nothex"));
    HttpResponse<String> oversized =
        gateway.post(payments, new byte[65537], Map.of("Stripe-Signature", "t=1,v1=00"));
    HttpResponse<String> oversizedStandard =
        gateway.postStandard("msg_big", "{\"pad\":\"" + "x".repeat(5000) + "\"}");

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(oversized.statusCode()).isEqualTo(413);
    assertThat(oversizedStandard.statusCode()).isEqualTo(413);
    // A fixed body that tells an attacker nothing about why.
    assertThat(List.of(stale.body(), missing.body(), malformed.body()))
        .containsOnly("{\"status\":400}\n");
    assertNothingStored();
    String metrics = gateway.metrics();
    for (String reason :
        List.of(
            "forged", "stale", "future", "missing_signature", "malformed_signature", "oversized")) {
      assertThat(metrics)
          .containsPattern(
              "billing_webhooks_rejected_total\\{[^}]*reason=\""
                  + reason
                  + "\"[^}]*webhook=\"payments\"[^}]*} [1-9]");
    }
  }

  @Test
  void cardDataIsRefusedWith422AndNeitherStoredNorLogged() {
    String pan = "4242424242424242";
    String body =
        "{\"id\":\"evt_"
            + UUID.randomUUID()
            + "\",\"type\":\"charge.succeeded\",\"data\":{\"object\":{\"amount\":100,"
            + "\"currency\":\"usd\",\"card\":\""
            + pan
            + "\"}}}";

    HttpResponse<String> response = gateway.postStripe(body);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).doesNotContain(pan);
    assertNothingStored();
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(message -> message.contains(pan) || message.contains("4242 4242"));
    assertThat(gateway.metrics())
        .containsPattern(
            "billing_webhooks_rejected_total\\{reason=\"card_data\",webhook=\"payments\"} [1-9]");
  }

  @Test
  void signedButUnusableEventsAre422() {
    HttpResponse<String> notJson = gateway.postStripe("{\"id\": \"evt_1\", ");
    HttpResponse<String> noId = gateway.postStripe("{\"type\":\"charge.succeeded\"}");
    HttpResponse<String> badAmount =
        gateway.postStripe(
            "{\"id\":\"evt_"
                + UUID.randomUUID()
                + "\",\"type\":\"charge.succeeded\",\"data\":{\"object\":{\"amount\":\"12\","
                + "\"currency\":\"usd\"}}}");

    assertThat(notJson.statusCode()).isEqualTo(422);
    assertThat(noId.statusCode()).isEqualTo(422);
    assertThat(badAmount.statusCode()).isEqualTo(422);
    assertNothingStored();
  }

  /**
   * A NUL, which PostgreSQL refuses (answered 503, the processor would retry it forever), or an
   * unpaired surrogate, which would be stored as {@code ?}: ids differing only there would be one,
   * and the second event acknowledged as a duplicate and never posted.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\\u0000", "\\ud800", "\\udbff"})
  void anIdOrTypeThatCannotBeStoredExactlyIsRefusedWith422(String jsonEscape) {
    String id = "evt_" + UUID.randomUUID();

    HttpResponse<String> inId =
        gateway.postStripe(
            TestGateway.stripeEvent(id + jsonEscape, "charge.succeeded", 300, "usd"));
    HttpResponse<String> inType =
        gateway.postStripe(
            TestGateway.stripeEvent(id, "charge.succeeded" + jsonEscape, 300, "usd"));

    assertThat(inId.statusCode()).isEqualTo(422);
    assertThat(inType.statusCode()).isEqualTo(422);
    assertNothingStored();
    assertThat(gateway.metrics())
        .containsPattern(
            "billing_webhooks_rejected_total\\{reason=\"invalid_event\",webhook=\"payments\"} [1-9]");
  }

  @Test
  void aWebhookIdOf255CharactersIsRecordedAndOneOf256IsRefusedAsMalformed() {
    String prefix = "msg_" + UUID.randomUUID();
    String id = prefix + "m".repeat(255 - prefix.length());
    String body = "{\"type\":\"invoice.paid\",\"data\":{\"amount\":5,\"currency\":\"usd\"}}";

    HttpResponse<String> longest = gateway.postStandard(id, body);
    HttpResponse<String> longer = gateway.postStandard(id + "m", body);

    assertThat(longest.statusCode()).isEqualTo(200);
    assertThat(longer.statusCode()).isEqualTo(400);
    assertThat(gateway.count("SELECT count(*) FROM webhook_event WHERE event_id = ?", id))
        .isEqualTo(1);
    assertThat(gateway.count("SELECT count(*) FROM webhook_event")).isEqualTo(events + 1);
  }

  @Test
  void anAmountOverTheWebhooksLargestIsRefusedWith422AndNotPosted() {
    // payments has the default largest amount (twelve digits), subscriptions 100000.
    HttpResponse<String> maxLong =
        gateway.postStripe(
            TestGateway.stripeEvent(
                "evt_" + UUID.randomUUID(), "charge.succeeded", Long.MAX_VALUE, "sek"));
    HttpResponse<String> overDefault =
        gateway.postStripe(
            TestGateway.stripeEvent(
                "evt_" + UUID.randomUUID(), "charge.succeeded", 1_000_000_000_000L, "sek"));
    HttpResponse<String> atDefault =
        gateway.postStripe(
            TestGateway.stripeEvent(
                "evt_" + UUID.randomUUID(), "charge.succeeded", 999_999_999_999L, "sek"));
    String invoice = "{\"type\":\"invoice.paid\",\"data\":{\"amount\":%d,\"currency\":\"sek\"}}";
    HttpResponse<String> overConfigured =
        gateway.postStandard("msg_" + UUID.randomUUID(), invoice.formatted(100_001));
    HttpResponse<String> atConfigured =
        gateway.postStandard("msg_" + UUID.randomUUID(), invoice.formatted(100_000));

    assertThat(maxLong.statusCode()).isEqualTo(422);
    assertThat(overDefault.statusCode()).isEqualTo(422);
    assertThat(atDefault.statusCode()).isEqualTo(200);
    assertThat(overConfigured.statusCode()).isEqualTo(422);
    assertThat(atConfigured.statusCode()).isEqualTo(200);
    assertThat(gateway.balance("revenue:sales", "SEK")).isEqualTo(-999_999_999_999L);
    assertThat(gateway.balance("revenue:subscriptions", "SEK")).isEqualTo(-100_000);
    assertThat(gateway.count("SELECT count(*) FROM webhook_event")).isEqualTo(events + 2);
    assertThat(gateway.metrics())
        .containsPattern(
            "billing_webhooks_rejected_total\\{reason=\"unpostable\",webhook=\"subscriptions\"} [1-9]");
  }

  @Test
  void concurrentDeliveriesOfOneEventAllGet200AndPostOnce() throws Exception {
    String id = "evt_" + UUID.randomUUID();
    String body = TestGateway.stripeEvent(id, "charge.succeeded", 700, "gbp");
    long sales = gateway.balance("revenue:sales", "GBP");
    int copies = 24;
    List<Callable<HttpResponse<String>>> posts = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      posts.add(() -> gateway.postStripe(body));
    }

    List<Integer> statuses = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<HttpResponse<String>> response : clients.invokeAll(posts)) {
        statuses.add(response.get().statusCode());
      }
    }

    assertThat(statuses).hasSize(copies).containsOnly(200);
    assertThat(gateway.balance("revenue:sales", "GBP")).isEqualTo(sales - 700);
    assertThat(gateway.count("SELECT count(*) FROM ledger_transaction WHERE event_id = ?", id))
        .isEqualTo(1);
    assertThat(gateway.metrics())
        .containsPattern(
            "billing_webhooks_duplicate_total\\{webhook=\"payments\"} (2[3-9]|[3-9][0-9])");
  }

  @Test
  void onlyPostToTheConfiguredPathIsServed() {
    HttpResponse<String> get =
        gateway.send(HttpRequest.newBuilder(gateway.webhooks("/webhooks/payments")).build());
    HttpResponse<String> elsewhere =
        gateway.post(gateway.webhooks("/webhooks/payments/more"), new byte[0], Map.of());
    HttpResponse<String> root = gateway.post(gateway.webhooks("/"), new byte[0], Map.of());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(root.statusCode()).isEqualTo(404);
  }

  @Test
  void aBalanceEventComparesTheLedgerAndExposesTheDrift() {
    String charge = "evt_" + UUID.randomUUID();
    gateway.postStripe(TestGateway.stripeEvent(charge, "charge.succeeded", 1000, "chf"));
    long ledger = gateway.balance("processor:stripe", "CHF");
    String balance =
        "{\"id\":\"evt_"
            + UUID.randomUUID()
            + "\",\"type\":\"balance.available\",\"data\":{\"object\":{\"available\":"
            + "[{\"amount\":"
            + (ledger - 25)
            + ",\"currency\":\"chf\"}]}}}";

    assertThat(gateway.postStripe(balance).statusCode()).isEqualTo(200);

    assertThat(gateway.metrics())
        .contains(
            "billing_ledger_drift_minor_units{account=\"processor:stripe\",currency=\"CHF\","
                + "webhook=\"payments\"} 25.0");
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(
            message ->
                message.contains("processor:stripe in CHF is " + ledger)
                    && message.contains("reports " + (ledger - 25)));
  }

  @Test
  void metricsHealthAndReadiness() {
    gateway.postStripe(
        TestGateway.stripeEvent("evt_" + UUID.randomUUID(), "charge.succeeded", 1, "usd"));

    String metrics = gateway.metrics();
    assertThat(metrics)
        .containsPattern("billing_webhooks_verified_total\\{webhook=\"payments\"} [1-9]")
        .contains(
            "billing_webhooks_rejected_total{reason=\"forged\",webhook=\"subscriptions\"} 0.0")
        .containsPattern(
            "billing_webhook_duration_seconds_bucket\\{outcome=\"recorded\",webhook=\"payments\",le=\"[0-9.]+\"} [1-9]")
        .contains("billing_forward_deliveries_total")
        .contains("hikaricp_connections_active");
    assertThat(gateway.get(gateway.management("/healthz")).statusCode()).isEqualTo(200);
    assertThat(gateway.get(gateway.management("/readyz")).statusCode()).isEqualTo(200);
    assertThat(gateway.gateway.ready()).isTrue();
  }
}
