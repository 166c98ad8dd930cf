package dev.rampart.billing.gateway;

import static dev.rampart.billing.gateway.TestGateway.credit;
import static dev.rampart.billing.gateway.TestGateway.json;
import static dev.rampart.billing.gateway.TestGateway.randomBase64;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rampart.billing.authn.TestIssuer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code oidc}, the admin API accepts access tokens of the tenant's realm (here a stand-in
 * that serves its keys on a loopback port) beside the static tokens: the token's realm roles and
 * authentication methods reach the tenant's policy (the real opa), and a token failing any check is
 * refused as a missing one is, writing nothing.
 */
class AdminAccessTokenIT {

  /** The finance-approver role binds no user: realm users get it from their token's roles. */
  private static final String DATA =
      """
      {"rampart": {
        "tenant": "team-a",
        "roles": {
          "finance-approver": {"requireMfa": true, "permissions": [
            {"resource": "adjustment", "actions": ["create", "approve"],
             "conditions": {"sameDepartment": false, "ownerOnly": false}}]}},
        "subjects": {"users": {"ops": ["finance-approver"]}, "groups": {}},
        "agents": {}}}
      """;

  private static final String OPS = "ops-" + randomBase64(18);

  private static TestIssuer issuer;
  private static TestOpa opa;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    issuer = TestIssuer.start();
    opa = TestOpa.serving(DATA);
    gateway =
        TestGateway.start(
            config -> {
              config.putObject("policy").put("url", opa.url()).put("tenant", "team-a");
              config
                  .putObject("oidc")
                  .put("issuer", issuer.issuer())
                  .put("audience", TestIssuer.AUDIENCE);
            },
            Map.of("admin-tokens", "ops=" + OPS + ";amr=hwk\n"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (opa != null) {
      opa.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  /** Claims of a realm user with {@code roles}, who signed in with {@code amr}. */
  private static JWTClaimsSet.Builder user(String name, List<String> roles, List<String> amr) {
    return issuer
        .claims(name, Instant.now())
        .claim("realm_access", Map.of("roles", roles))
        .claim("amr", amr);
  }

  private static String approver(String name) {
    return TestIssuer.sign(
        user(name, List.of("offline_access", "finance-approver"), List.of("pwd", "otp")).build());
  }

  @Test
  void realmUsersAndStaticTokenHoldersRequestAndApproveTogether() throws IOException {
    long balance = gateway.balance("liability:customer-balance", "EUR");

    HttpResponse<String> requested =
        gateway.admin("POST", "/adjustments", approver("fin"), credit(1500));
    assertThat(requested.statusCode()).isEqualTo(201);
    long id = json(requested).get("id").asLong();
    String approvals = "/adjustments/" + id + "/approvals";
    // The same realm user cannot approve their own request, with a token of its own.
    assertThat(gateway.admin("POST", approvals, approver("fin"), null).statusCode()).isEqualTo(403);
    assertThat(gateway.admin("POST", approvals, approver("fin2"), null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> posted = gateway.admin("POST", approvals, OPS, null);
    assertThat(json(posted).get("status").asText()).isEqualTo("posted");

    JsonNode adjustment = json(gateway.admin("GET", "/adjustments/" + id, approver("fin3"), null));
    assertThat(adjustment.get("requestedBy").asText()).isEqualTo("fin");
    assertThat(adjustment.get("approvedBy").valueStream().map(JsonNode::asText))
        .containsExactlyInAnyOrder("fin2", "ops");
    assertThat(gateway.balance("liability:customer-balance", "EUR")).isEqualTo(balance - 1500);
  }

  @Test
  void thePolicyJudgesTheRolesAndAuthenticationMethodsOfTheToken() throws IOException {
    String passwordOnly =
        TestIssuer.sign(user("fin-nomfa", List.of("finance-approver"), List.of("pwd")).build());
    String noRole =
        TestIssuer.sign(user("view", List.of("offline_access"), List.of("otp")).build());
    long adjustments = gateway.count("SELECT count(*) FROM adjustment");

    for (String token : List.of(passwordOnly, noRole)) {
      HttpResponse<String> refused = gateway.admin("POST", "/adjustments", token, credit(100));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(json(refused).get("error").asText())
          .isEqualTo("the tenant's policy does not allow action create on adjustment");
    }
    assertThat(gateway.count("SELECT count(*) FROM adjustment")).isEqualTo(adjustments);
  }

  @Test
  void aTokenFailingACheckIsRefusedAsAMissingOneAndCountedByReason() throws IOException {
    Instant now = Instant.now();
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put(
        "expired",
        TestIssuer.sign(
            user("fin", List.of("finance-approver"), List.of("otp"))
                .expirationTime(Date.from(now.minusSeconds(1)))
                .build()));
    tokens.put(
        "signature",
        TestIssuer.sign(
            TestIssuer.rsa("rs256-key", JWSAlgorithm.RS256, KeyUse.SIGNATURE),
            JWSAlgorithm.RS256,
            user("fin", List.of("finance-approver"), List.of("otp")).build()));
    tokens.put(
        "issuer",
        TestIssuer.sign(
            user("fin", List.of("finance-approver"), List.of("otp"))
                .issuer(issuer.issuer().replace("team-a", "team-b"))
                .build()));
    tokens.put(
        "audience",
        TestIssuer.sign(
            user("fin", List.of("finance-approver"), List.of("otp")).audience("account").build()));
    tokens.put(
        "malformed",
        TestIssuer.sign(
            user("fin", List.of("finance-approver"), List.of("otp")).subject(null).build()));
    tokens.put("unknown", "not-a-token-" + randomBase64(18));
    HttpResponse<String> missing = gateway.admin("POST", "/adjustments", null, credit(100));
    long adjustments = gateway.count("SELECT count(*) FROM adjustment");

    for (Map.Entry<String, String> token : tokens.entrySet()) {
      String series = "billing_admin_token_rejected_total{reason=\"" + token.getKey() + "\"}";
      double before = gateway.metric(series);

      HttpResponse<String> refused =
          gateway.admin("POST", "/adjustments", token.getValue(), credit(100));

      assertThat(refused.statusCode()).as(token.getKey()).isEqualTo(401);
      assertThat(refused.body()).as(token.getKey()).isEqualTo(missing.body());
      assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(gateway.metric(series)).as(series).isEqualTo(before + 1);
    }
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(gateway.metric("billing_admin_token_rejected_total{reason=\"not_yet_valid\"}"))
        .isZero();
    assertThat(gateway.count("SELECT count(*) FROM adjustment")).isEqualTo(adjustments);
  }
}
