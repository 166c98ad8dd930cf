package dev.rampart.billing.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recorded events reach the tenant's application, signed, through failures and 410 Gone. */
class ForwardingIT {

  /** How the application answers one delivery. */
  record Answer(int status, int retryAfterSeconds) {
    static Answer of(int status) {
      return new Answer(status, 0);
    }
  }

  /** One request the application received. */
  record Received(String eventId, Instant at, boolean signatureValid, String body) {}

  /** The tenant's application: checks each delivery with the Standard Webhooks library. */
  static final class Receiver implements AutoCloseable {
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final HttpServer server;

    Receiver() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/billing-events",
          exchange -> {
            try (exchange) {
              String body =
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
              String id = exchange.getRequestHeaders().getFirst("webhook-id");
              boolean valid;
              try {
                new Webhook(TestGateway.FORWARD_SECRET).verify(body, exchange.getRequestHeaders());
                valid = true;
              } catch (Exception e) {
                valid = false;
              }
              received.add(new Received(id, Instant.now(), valid, body));
              Answer answer = next(id);
              if (answer.retryAfterSeconds() > 0) {
                exchange
                    .getResponseHeaders()
                    .set("Retry-After", Integer.toString(answer.retryAfterSeconds()));
              }
              exchange.sendResponseHeaders(valid ? answer.status() : 401, -1);
            }
          });
      server.start();
    }

    /** Answers {@code eventId}'s next deliveries with these statuses, then 200. */
    void script(String eventId, Answer... answers) {
      scripts.put(eventId, new ArrayDeque<>(List.of(answers)));
    }

    private Answer next(String eventId) {
      Deque<Answer> script = scripts.get(eventId);
      Answer answer = script == null ? null : script.poll();
      return answer == null ? Answer.of(200) : answer;
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/billing-events");
    }

    List<Received> of(String eventId) {
      return received.stream().filter(r -> eventId.equals(r.eventId())).toList();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private Receiver receiver;
  private TestGateway gateway;

  @BeforeEach
  void start() {
    receiver = new Receiver();
    gateway = TestGateway.start(TestGateway.forwardTo("payments", receiver.url()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    receiver.close();
  }

  @Test
  void aRecordedEventIsDeliveredOnceSignedWithItsEventIdAndItsRawBody() {
    String id = "evt_" + UUID.randomUUID();
    String body = TestGateway.stripeEvent(id, "charge.succeeded", 4200, "usd");

    assertThat(gateway.postStripe(body).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).until(() -> delivered(id));
    assertThat(receiver.of(id))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.signatureValid()).isTrue();
              assertThat(r.body()).isEqualTo(body);
            });
    assertThat(gateway.metrics())
        .containsPattern(
            "billing_forward_deliveries_total\\{outcome=\"delivered\",webhook=\"payments\"} [1-9]");
  }

  @Test
  void failuresAreRetriedUntilDelivered() {
    String id = "evt_" + UUID.randomUUID();
    receiver.script(id, Answer.of(503), Answer.of(500), Answer.of(429));

    gateway.postStripe(TestGateway.stripeEvent(id, "charge.succeeded", 1, "usd"));

    await().atMost(Duration.ofSeconds(20)).until(() -> delivered(id));
    assertThat(receiver.of(id)).hasSize(4).allMatch(Received::signatureValid);
    assertThat(gateway.count("SELECT attempts FROM forward_outbox WHERE event_id = ?", id))
        .isEqualTo(3);
    assertThat(gateway.metrics())
        .containsPattern(
            "billing_forward_deliveries_total\\{outcome=\"retry\",webhook=\"payments\"} [3-9]");
  }

  @Test
  void retryAfterIsHonoured() {
    String id = "evt_" + UUID.randomUUID();
    receiver.script(id, new Answer(503, 3));

    gateway.postStripe(TestGateway.stripeEvent(id, "charge.succeeded", 1, "usd"));

    await().atMost(Duration.ofSeconds(20)).until(() -> delivered(id));
    List<Received> attempts = receiver.of(id);
    assertThat(attempts).hasSize(2);
    // Without Retry-After the second attempt would come after 0.1 to 0.2 s.
    assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
  }

  @Test
  void goneDisablesForwardingForTheWebhookAndKeepsItsEvents() {
    String gone = anEventAnsweredGone();
    assertThat(gateway.count("SELECT count(*) FROM forward_disabled WHERE webhook = 'payments'"))
        .isEqualTo(1);
    String later = "evt_" + UUID.randomUUID();
    assertThat(
            gateway
                .postStripe(TestGateway.stripeEvent(later, "charge.succeeded", 1, "usd"))
                .statusCode())
        .isEqualTo(200);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> receiver.of(later).isEmpty());
    assertThat(receiver.of(gone)).hasSize(1);
    assertThat(gateway.count("SELECT count(*) FROM forward_outbox WHERE delivered_at IS NULL"))
        .isEqualTo(2);
    assertThat(gateway.metrics())
        .contains("billing_forward_disabled{webhook=\"payments\"} 1.0")
        .containsPattern(
            "billing_forward_deliveries_total\\{outcome=\"disabled\",webhook=\"payments\"} 1");
  }

  @Test
  void anAdminEnablesForwardingAgainAndTheHeldEventsAreDelivered() throws IOException {
    String gone = anEventAnsweredGone();
    String held = "evt_" + UUID.randomUUID();
    gateway.postStripe(TestGateway.stripeEvent(held, "charge.succeeded", 1, "usd"));

    HttpResponse<String> enabled =
        gateway.admin("POST", "/forwarding/payments/enable", TestGateway.BOB, null);

    assertThat(enabled.statusCode()).isEqualTo(200);
    JsonNode answer = TestGateway.JSON.readTree(enabled.body());
    assertThat(answer.get("forwarding").asText()).isEqualTo("enabled");
    assertThat(answer.get("wasDisabled").asBoolean()).isTrue();
    // The one answered 410 too, without waiting for its lease to end.
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered(gone) && delivered(held));
    assertThat(gateway.metrics()).contains("billing_forward_disabled{webhook=\"payments\"} 0.0");
    assertThat(gateway.count("SELECT count(*) FROM forward_disabled")).isZero();

    HttpResponse<String> again =
        gateway.admin("POST", "/forwarding/payments/enable", TestGateway.BOB, null);
    assertThat(TestGateway.JSON.readTree(again.body()).get("wasDisabled").asBoolean()).isFalse();
    HttpResponse<String> notForwarded =
        gateway.admin("POST", "/forwarding/subscriptions/enable", TestGateway.BOB, null);
    assertThat(notForwarded.statusCode()).isEqualTo(404);
    assertThat(TestGateway.JSON.readTree(notForwarded.body()).get("error").asText())
        .contains("no webhook subscriptions is forwarded by this gateway (payments)");
    assertThat(
            gateway.admin("GET", "/forwarding/payments/enable", TestGateway.BOB, null).statusCode())
        .isEqualTo(405);
    assertThat(gateway.admin("POST", "/forwarding/payments/enable", null, null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void webhooksWithoutForwardingAreNotDelivered() throws InterruptedException {
    String id = "msg_" + UUID.randomUUID();
    gateway.postStandard(
        id, "{\"type\":\"invoice.paid\",\"data\":{\"amount\":5,\"currency\":\"eur\"}}");

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> receiver.of(id).isEmpty());
    assertThat(gateway.count("SELECT count(*) FROM forward_outbox WHERE event_id = ?", id))
        .isZero();
  }

  private boolean delivered(String eventId) {
    return gateway.count(
            "SELECT count(*) FROM forward_outbox WHERE event_id = ? AND delivered_at IS NOT NULL",
            eventId)
        == 1;
  }

  /** Posts an event the application answers 410 Gone; returns its id once forwarding is off. */
  private String anEventAnsweredGone() {
    String gone = "evt_" + UUID.randomUUID();
    receiver.script(gone, Answer.of(410));
    gateway.postStripe(TestGateway.stripeEvent(gone, "charge.succeeded", 1, "usd"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> gateway.metrics().contains("billing_forward_disabled{webhook=\"payments\"} 1.0"));
    return gone;
  }
}
