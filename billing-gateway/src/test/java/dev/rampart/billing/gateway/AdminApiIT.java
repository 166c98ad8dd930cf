package dev.rampart.billing.gateway;

import static dev.rampart.billing.gateway.TestGateway.ALICE;
import static dev.rampart.billing.gateway.TestGateway.BOB;
import static dev.rampart.billing.gateway.TestGateway.CAROL;
import static dev.rampart.billing.gateway.TestGateway.credit;
import static dev.rampart.billing.gateway.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Credits and refunds under dual approval, and reconciliation, over the admin port. */
class AdminApiIT {

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aCreditIsPostedOnlyAfterTwoApprovalsByOthersThanItsRequester() throws IOException {
    long balance = gateway.balance("liability:customer-balance", "EUR");

    HttpResponse<String> requested = gateway.admin("POST", "/adjustments", ALICE, credit(2500));
    assertThat(requested.statusCode()).isEqualTo(201);
    long id = json(requested).get("id").asLong();
    assertThat(requested.headers().firstValue("Location")).contains("/adjustments/" + id);
    String approvals = "/adjustments/" + id + "/approvals";

    HttpResponse<String> self = gateway.admin("POST", approvals, ALICE, null);
    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(json(self).get("error").asText()).contains("cannot be approved by its requester");

    HttpResponse<String> first = gateway.admin("POST", approvals, BOB, null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(json(first).get("status").asText()).isEqualTo("awaiting_second_approval");
    assertThat(gateway.balance("liability:customer-balance", "EUR")).isEqualTo(balance);

    HttpResponse<String> again = gateway.admin("POST", approvals, BOB, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("error").asText()).contains("bob has already approved");

    HttpResponse<String> second = gateway.admin("POST", approvals, CAROL, null);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(json(second).get("status").asText()).isEqualTo("posted");
    assertThat(gateway.balance("liability:customer-balance", "EUR")).isEqualTo(balance - 2500);
    assertThat(gateway.balance("expense:customer-credits", "EUR")).isEqualTo(2500);

    HttpResponse<String> late = gateway.admin("POST", approvals, BOB, null);
    assertThat(late.statusCode()).isEqualTo(409);

    JsonNode shown = json(gateway.admin("GET", "/adjustments/" + id, BOB, null));
    assertThat(shown.get("kind").asText()).isEqualTo("credit");
    assertThat(shown.get("account").asText()).isEqualTo("cus_42");
    assertThat(shown.get("amount").asLong()).isEqualTo(2500);
    assertThat(shown.get("currency").asText()).isEqualTo("EUR");
    assertThat(shown.get("requestedBy").asText()).isEqualTo("alice");
    assertThat(shown.get("approvedBy").toString()).isEqualTo("[\"bob\",\"carol\"]");
    assertThat(shown.get("status").asText()).isEqualTo("posted");
  }

  @Test
  void refusalsAreClearAndPostNothing() throws IOException {
    long transactions = gateway.count("SELECT count(*) FROM ledger_transaction");

    HttpResponse<String> aboveCap = gateway.admin("POST", "/adjustments", ALICE, credit(50001));
    assertThat(aboveCap.statusCode()).isEqualTo(422);
    assertThat(json(aboveCap).get("error").asText()).contains("at most 50000");

    HttpResponse<String> badKind =
        gateway.admin("POST", "/adjustments", ALICE, credit(5).replace("credit", "gift"));
    assertThat(badKind.statusCode()).isEqualTo(422);
    assertThat(json(badKind).get("error").asText()).isEqualTo("kind: must be credit or refund");

    HttpResponse<String> noAmount =
        gateway.admin("POST", "/adjustments", ALICE, "{\"kind\":\"refund\",\"account\":\"c\"}");
    assertThat(json(noAmount).get("error").asText())
        .isEqualTo("amount: must be a whole number of minor units");

    HttpResponse<String> wrongWebhook =
        gateway.admin(
            "POST",
            "/adjustments",
            ALICE,
            credit(5).replace("{", "{\"webhook\":\"subscriptions\","));
    assertThat(wrongWebhook.statusCode()).isEqualTo(422);
    assertThat(json(wrongWebhook).get("error").asText()).contains("has adjustments (payments)");

    HttpResponse<String> unknown =
        gateway.admin("POST", "/adjustments/999999/approvals", BOB, null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("error").asText()).isEqualTo("no adjustment 999999");
    assertThat(gateway.admin("GET", "/adjustments/999999", BOB, null).statusCode()).isEqualTo(404);

    HttpResponse<String> notJson = gateway.admin("POST", "/adjustments", ALICE, "{");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(gateway.admin("GET", "/adjustments", ALICE, null).statusCode()).isEqualTo(405);
    assertThat(gateway.admin("GET", "/nothing", ALICE, null).statusCode()).isEqualTo(404);

    assertThat(gateway.count("SELECT count(*) FROM ledger_transaction")).isEqualTo(transactions);
  }

  @Test
  void everyRequestNeedsAKnownBearerToken() throws IOException {
    HttpResponse<String> none = gateway.admin("POST", "/adjustments", null, credit(5));
    HttpResponse<String> wrong = gateway.admin("POST", "/adjustments", ALICE + "x", credit(5));
    HttpResponse<String> probe = gateway.admin("GET", "/adjustments/1", "nope", null);

    for (HttpResponse<String> response : new HttpResponse[] {none, wrong, probe}) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }
    assertThat(json(none).get("error").asText())
        .isEqualTo("a valid admin bearer token is required");
  }

  @Test
  void rotatedTokensTakeEffectWithoutARestart() {
    String dave = "dave-" + UUID.randomUUID();
    gateway.writeSecret("admin-tokens", "alice=" + ALICE + "\ndave=" + dave + "\n");
    try {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> gateway.admin("GET", "/adjustments/1", dave, null).statusCode() != 401);
      assertThat(gateway.admin("GET", "/adjustments/1", BOB, null).statusCode()).isEqualTo(401);
    } finally {
      gateway.writeSecret(
          "admin-tokens", "alice=" + ALICE + "\nbob=" + BOB + "\ncarol=" + CAROL + "\n");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> gateway.admin("GET", "/adjustments/1", BOB, null).statusCode() != 401);
    }
  }

  /** The processor reports {@code amount} of JPY for processor:stripe, currency as written. */
  private static HttpResponse<String> reportJpy(long amount, String currency) throws IOException {
    return gateway.admin(
        "POST",
        "/reconciliations",
        CAROL,
        """
        {"webhook": "payments", "account": "processor:stripe",
         "balances": [{"amount": %d, "currency": "%s"}]}"""
            .formatted(amount, currency));
  }

  @Test
  void aProcessorReportIsReconciledAgainstTheLedger() throws IOException {
    String id = "evt_" + UUID.randomUUID();
    gateway.postStripe(TestGateway.stripeEvent(id, "charge.succeeded", 9000, "jpy"));
    long ledger = gateway.balance("processor:stripe", "JPY");

    HttpResponse<String> response = reportJpy(ledger + 100, "jpy");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode drifts = json(response).get("drifts");
    assertThat(drifts).hasSize(1);
    assertThat(drifts.get(0).get("currency").asText()).isEqualTo("JPY");
    assertThat(drifts.get(0).get("difference").asLong()).isEqualTo(-100);
    assertThat(gateway.metrics())
        .contains(
            "billing_ledger_drift_minor_units{account=\"processor:stripe\",currency=\"JPY\","
                + "webhook=\"payments\"} -100.0");

    HttpResponse<String> agreeing = reportJpy(ledger, "JPY");
    assertThat(json(agreeing).get("drifts"))
        .noneMatch(d -> d.get("currency").asText().equals("JPY"));
    assertThat(gateway.metrics())
        .contains(
            "billing_ledger_drift_minor_units{account=\"processor:stripe\",currency=\"JPY\","
                + "webhook=\"payments\"} 0.0");
  }
}
