package dev.rampart.billing.gateway;

import static dev.rampart.billing.gateway.TestGateway.credit;
import static dev.rampart.billing.gateway.TestGateway.json;
import static dev.rampart.billing.gateway.TestGateway.randomBase64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.billing.authz.AdminAction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code policy}, the admin API asks the tenant's policy decision point, here the real opa on
 * Rampart's policy, before a call that changes something: finance approvers whose tokens were
 * issued after a second factor may, one without it or a viewer may not, and a refused or undecided
 * call writes nothing.
 */
class AdminPolicyIT {

  /** The tenant's roles as the operator compiles them into the bundle's data. */
  private static final String DATA =
      """
      {"rampart": {
        "tenant": "team-a",
        "roles": {
          "finance-approver": {"requireMfa": true, "permissions": [
            {"resource": "adjustment", "actions": ["create", "approve"],
             "conditions": {"sameDepartment": false, "ownerOnly": false}},
            {"resource": "forwarding", "actions": ["update"],
             "conditions": {"sameDepartment": false, "ownerOnly": false}}]},
          "viewer": {"requireMfa": false, "permissions": [
            {"resource": "invoice", "actions": ["read"],
             "conditions": {"sameDepartment": false, "ownerOnly": false}}]}},
        "subjects": {
          "users": {"fin": ["finance-approver"], "fin2": ["finance-approver"],
                    "fin3": ["finance-approver"], "fin-nomfa": ["finance-approver"],
                    "view": ["viewer"]},
          "groups": {}},
        "agents": {}}}
      """;

  // Three finance approvers with a second factor: a requester and the two approvers it needs.
  private static final String FIN = "fin-" + randomBase64(18);
  private static final String FIN2 = "fin2-" + randomBase64(18);
  private static final String FIN3 = "fin3-" + randomBase64(18);

  /** A finance approver too, but with a password-only token. */
  private static final String FIN_NOMFA = "fin-nomfa-" + randomBase64(18);

  private static final String VIEW = "view-" + randomBase64(18);
  private static final Map<String, String> TOKENS = Map.of("fin-nomfa", FIN_NOMFA, "view", VIEW);

  private static TestOpa opa;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    opa = TestOpa.serving(DATA);
    gateway =
        TestGateway.start(
            TestGateway.forwardTo("payments", URI.create("http://127.0.0.1:9/events"))
                .andThen(
                    config ->
                        config.putObject("policy").put("url", opa.url()).put("tenant", "team-a")),
            Map.of(
                "admin-tokens",
                """
                fin=%s;amr=hwk
                fin2=%s;amr=hwk,pwd
                fin3=%s;amr=otp
                fin-nomfa=%s
                view=%s
                """
                    .formatted(FIN, FIN2, FIN3, FIN_NOMFA, VIEW)));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (opa != null) {
      opa.close();
    }
  }

  @Test
  void financeApproversWithASecondFactorRequestApproveAndEnableForwarding() throws IOException {
    long balance = gateway.balance("liability:customer-balance", "EUR");

    HttpResponse<String> requested = gateway.admin("POST", "/adjustments", FIN2, credit(1200));
    assertThat(requested.statusCode()).isEqualTo(201);
    String approvals = approvals(json(requested).get("id").asLong());
    HttpResponse<String> first = gateway.admin("POST", approvals, FIN, null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(json(first).get("status").asText()).isEqualTo("awaiting_second_approval");

    // What the policy allows, the gateway's dual approval still governs.
    assertThat(gateway.admin("POST", approvals, FIN, null).statusCode()).isEqualTo(409);
    HttpResponse<String> self = gateway.admin("POST", approvals, FIN2, null);
    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(json(self).get("error").asText()).contains("cannot be approved by its requester");
    HttpResponse<String> second = gateway.admin("POST", approvals, FIN3, null);
    assertThat(json(second).get("status").asText()).isEqualTo("posted");
    assertThat(gateway.balance("liability:customer-balance", "EUR")).isEqualTo(balance - 1200);

    assertThat(gateway.admin("POST", "/adjustments", FIN, credit(300)).statusCode()).isEqualTo(201);

    gateway.disableForwarding("payments");
    HttpResponse<String> enabled = gateway.admin("POST", "/forwarding/payments/enable", FIN, null);
    assertThat(enabled.statusCode()).isEqualTo(200);
    assertThat(json(enabled).get("wasDisabled").asBoolean()).isTrue();
    assertThat(gateway.count("SELECT count(*) FROM forward_disabled")).isZero();
  }

  /**
   * fin-nomfa has fin's role, which requires MFA, but a password-only token; a viewer's role grants
   * nothing on adjustments or forwarding.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fin-nomfa", "view"})
  void callersThePolicyRefusesAreAnswered403AndWriteNothing(String caller) throws IOException {
    String token = TOKENS.get(caller);
    long pending = json(gateway.admin("POST", "/adjustments", FIN, credit(700))).get("id").asLong();
    gateway.disableForwarding("payments");
    Written before = Written.now();
    Map<AdminAction, Double> denied = counts("billing_admin_denied_total");

    Map<AdminAction, HttpResponse<String>> answers = changeEverything(token, pending);

    for (AdminAction action : AdminAction.values()) {
      HttpResponse<String> answer = answers.get(action);
      assertThat(answer.statusCode()).as(action.toString()).isEqualTo(403);
      assertThat(json(answer).get("error").asText())
          .isEqualTo(
              "the tenant's policy does not allow action %s on %s"
                  .formatted(action.action(), action.resourceType()));
      assertThat(answer.body()).doesNotContain(token);
    }
    assertThat(Written.now()).isEqualTo(before);
    assertThat(counts("billing_admin_denied_total")).isEqualTo(plusOne(denied));
    // Reading moves no money and is not asked about.
    assertThat(gateway.admin("GET", "/adjustments/" + pending, token, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void withoutAnAnswerFromTheDecisionPointNothingIsDone() throws IOException {
    long pending = json(gateway.admin("POST", "/adjustments", FIN, credit(900))).get("id").asLong();
    gateway.disableForwarding("payments");
    Written before = Written.now();
    Map<AdminAction, Double> unavailable = counts("billing_admin_policy_unavailable_total");

    opa.stop();
    try {
      Map<AdminAction, HttpResponse<String>> answers = changeEverything(FIN2, pending);

      for (HttpResponse<String> answer : answers.values()) {
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(json(answer).get("error").asText())
            .isEqualTo(
                "the tenant's policy decision point did not answer; nothing was done, try again");
      }
      assertThat(Written.now()).isEqualTo(before);
      assertThat(counts("billing_admin_policy_unavailable_total")).isEqualTo(plusOne(unavailable));
    } finally {
      opa.start();
    }
    // The next call is decided again, without restarting the gateway.
    assertThat(gateway.admin("POST", approvals(pending), FIN2, null).statusCode()).isEqualTo(200);
  }

  private static String approvals(long adjustment) {
    return "/adjustments/" + adjustment + "/approvals";
  }

  /** Each admin call that changes something, by {@code token}'s holder. */
  private static Map<AdminAction, HttpResponse<String>> changeEverything(
      String token, long pending) {
    Map<AdminAction, HttpResponse<String>> answers = new EnumMap<>(AdminAction.class);
    answers.put(
        AdminAction.CREATE_ADJUSTMENT, gateway.admin("POST", "/adjustments", token, credit(700)));
    answers.put(
        AdminAction.APPROVE_ADJUSTMENT, gateway.admin("POST", approvals(pending), token, null));
    answers.put(
        AdminAction.ENABLE_FORWARDING,
        gateway.admin("POST", "/forwarding/payments/enable", token, null));
    return answers;
  }

  /** Everything an admin call can write. */
  private record Written(
      long adjustments, long approvals, long transactions, long forwardingDisabled) {
    static Written now() {
      return new Written(
          gateway.count("SELECT count(*) FROM adjustment"),
          gateway.count("SELECT count(*) FROM adjustment_approval"),
          gateway.count("SELECT count(*) FROM ledger_transaction"),
          gateway.count("SELECT count(*) FROM forward_disabled WHERE webhook = 'payments'"));
    }
  }

  private static Map<AdminAction, Double> counts(String metric) {
    Map<AdminAction, Double> counts = new EnumMap<>(AdminAction.class);
    for (AdminAction action : AdminAction.values()) {
      counts.put(
          action,
          gateway.metric(
              "%s{action=\"%s\",resource=\"%s\"}"
                  .formatted(metric, action.action(), action.resourceType())));
    }
    return counts;
  }

  private static Map<AdminAction, Double> plusOne(Map<AdminAction, Double> counts) {
    Map<AdminAction, Double> next = new EnumMap<>(AdminAction.class);
    counts.forEach((action, count) -> next.put(action, count + 1));
    return next;
  }
}
