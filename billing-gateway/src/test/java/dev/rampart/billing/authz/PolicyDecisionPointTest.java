package dev.rampart.billing.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rampart.billing.config.AdminCredential;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decision point's client against a stand-in server; AdminPolicyIT runs the real opa. */
class PolicyDecisionPointTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AdminCredential FIN = new AdminCredential("fin", List.of("hwk", "pwd"));

  private final AtomicReference<String> asked = new AtomicReference<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves {@code answer} with {@code status} under {@code /opa}, remembering what was asked. */
  private PolicyDecisionPoint answering(int status, String answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/opa" + PolicyDecisionPoint.DECISION_PATH,
        exchange -> {
          try (exchange) {
            asked.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    return client("http://127.0.0.1:" + server.getAddress().getPort() + "/opa");
  }

  private static PolicyDecisionPoint client(String url) {
    return new PolicyDecisionPoint(URI.create(url), "team-a", Duration.ofMillis(500));
  }

  @Test
  void asksAboutTheCallerTheActionAndItsAuthentication() throws Exception {
    try (PolicyDecisionPoint pdp = answering(200, "{\"result\": true}")) {
      assertThat(pdp.allows(FIN, AdminAction.APPROVE_ADJUSTMENT)).isTrue();
    }

    assertThat(JSON.readTree(asked.get()))
        .isEqualTo(
            JSON.readTree(
                """
                {"input": {
                  "principal": {"id": "fin", "tenant": "team-a", "roles": [], "groups": [],
                                "department": "", "region": ""},
                  "action": "approve",
                  "resource": {"tenant": "team-a", "type": "adjustment", "owner": "",
                               "department": "", "region": "", "sensitivity": "confidential"},
                  "context": {"amr": ["hwk", "pwd"], "acr": ""}}}
                """));
  }

  @Test
  void anAccessTokensRolesGroupsAndAcrAreAskedAbout() throws Exception {
    AdminCredential realmUser =
        new AdminCredential(
            "fin@example.com",
            List.of("finance-approver"),
            List.of("/finance"),
            List.of("pwd", "otp"),
            Optional.of("2"));

    try (PolicyDecisionPoint pdp = client("http://127.0.0.1:1")) {
      JsonNode input =
          JSON.readTree(pdp.requestBody(realmUser, AdminAction.CREATE_ADJUSTMENT)).get("input");

      assertThat(input.get("principal"))
          .isEqualTo(
              JSON.readTree(
                  """
                  {"id": "fin@example.com", "tenant": "team-a", "roles": ["finance-approver"],
                   "groups": ["/finance"], "department": "", "region": ""}
                  """));
      assertThat(input.get("context"))
          .isEqualTo(JSON.readTree("{\"amr\": [\"pwd\", \"otp\"], \"acr\": \"2\"}"));
    }
  }

  @Test
  void eachAdminActionIsAnActionOnAResourceType() throws Exception {
    try (PolicyDecisionPoint pdp = client("http://127.0.0.1:1")) {
      for (AdminAction action : AdminAction.values()) {
        JsonNode input = JSON.readTree(pdp.requestBody(FIN, action)).get("input");
        assertThat(input.get("action").asText() + " " + input.at("/resource/type").asText())
            .isEqualTo(action.toString());
      }
    }
    assertThat(AdminAction.values())
        .extracting(AdminAction::toString)
        .containsExactly("create adjustment", "approve adjustment", "update forwarding");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"result\": false}",
        "{}",
        "{\"result\": \"true\"}",
        "{\"result\": [true]}",
        "true",
        "not json"
      })
  void onlyAResultOfTrueAllows(String answer) throws Exception {
    try (PolicyDecisionPoint pdp = answering(200, answer)) {
      assertThat(pdp.allows(FIN, AdminAction.CREATE_ADJUSTMENT)).isFalse();
    }
  }

  @Test
  void aStatusOtherThan200Refuses() throws Exception {
    try (PolicyDecisionPoint pdp = answering(500, "{\"result\": true}")) {
      assertThat(pdp.allows(FIN, AdminAction.ENABLE_FORWARDING)).isFalse();
    }
  }

  @Test
  void anUnreachableDecisionPointIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (PolicyDecisionPoint pdp = client("http://127.0.0.1:" + port)) {
      assertThatThrownBy(() -> pdp.allows(FIN, AdminAction.CREATE_ADJUSTMENT))
          .isInstanceOf(PolicyUnavailableException.class)
          .hasMessage(
              "no answer from http://127.0.0.1:%d/v1/data/rampart/authz/allow (ConnectException)"
                  .formatted(port));
    }
  }

  @Test
  void aDecisionPointThatDoesNotAnswerInTimeIsUnavailable() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    long started = System.nanoTime();
    try (PolicyDecisionPoint pdp = client("http://127.0.0.1:" + server.getAddress().getPort())) {
      assertThatThrownBy(() -> pdp.allows(FIN, AdminAction.CREATE_ADJUSTMENT))
          .isInstanceOf(PolicyUnavailableException.class)
          .hasMessageEndingWith("(HttpTimeoutException)");
      release.countDown();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }
}
