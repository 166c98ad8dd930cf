package dev.rampart.billing.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway as its own process, started as the README says: {@code java -jar} on the packaged jar
 * (its manifest names {@code Main} and the runtime classpath in {@code target/lib}).
 */
class MainProcessIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;

  @BeforeEach
  void createDirectory() throws IOException {
    dir = Files.createTempDirectory("billing-gateway-process-");
  }

  @AfterEach
  void removeDirectory() throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private Process launch(String database, int port, Consumer<ObjectNode> edit) throws IOException {
    return launch(TestGateway.prepare(dir, TestLedgers.jdbcUrl(port, database), edit));
  }

  /**
   * {@code java [jvmOptions] -jar target/rampart-billing-gateway.jar}, stdout and stderr logged.
   */
  private Process launch(Path config, String... jvmOptions) throws IOException {
    String jar = System.getProperty("billing.gateway.jar");
    assertThat(jar).as("billing.gateway.jar, set by the build").isNotNull();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-jar", jar));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("gateway.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("BILLING_GATEWAY_CONFIG", config.toString());
    env.put("BILLING_GATEWAY_SECRETS_DIR", dir.resolve("secrets").toString());
    env.put("BILLING_GATEWAY_PORTS_FILE", dir.resolve("ports").toString());
    return builder.start();
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("gateway.log"));
  }

  /** The ports the gateway wrote once it listens, by name. */
  private Map<String, Integer> awaitPorts(Process gateway) throws IOException {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(dir.resolve("ports")) || !gateway.isAlive());
    assertThat(gateway.isAlive()).as("gateway running; log:%n%s", log()).isTrue();
    Map<String, Integer> ports = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("ports"))) {
      String[] pair = line.split("=");
      ports.put(pair[0], Integer.parseInt(pair[1]));
    }
    assertThat(ports.keySet()).containsExactlyInAnyOrder("webhooks", "admin", "management");
    return ports;
  }

  private void stop(Process gateway) throws Exception {
    gateway.destroy(); // SIGTERM, as the kubelet sends it
    assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(log()).contains("billing gateway stopped");
  }

  /** Every line of the log, stdout and stderr alike, is one JSON object. */
  private void assertEveryLineIsJson() throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("gateway.log"));
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      assertThatCode(() -> assertThat(JSON.readTree(line).isObject()).isTrue())
          .as("a JSON object: %s", line)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void startsOnFreePortsServesAndStopsCleanlyOnSigterm() throws Exception {
    String database = TestLedgers.newDatabase();
    Process gateway = launch(database, TestLedgers.server().port(), config -> {});
    try {
      Map<String, Integer> ports = awaitPorts(gateway);
      assertThat(log())
          .contains("\"webhooksPort\":" + ports.get("webhooks"))
          .contains("\"managementPort\":" + ports.get("management"));

      try (HttpClient http = HttpClient.newHttpClient()) {
        String body = TestGateway.stripeEvent("evt_process", "charge.succeeded", 12, "usd");
        String signature =
            com.stripe.net.Webhook.Signature.generateSignatureHeader(
                body, TestGateway.STRIPE_SECRET, Instant.now().getEpochSecond());
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + ports.get("webhooks") + "/webhooks/payments"))
                    .header("Stripe-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.get("management") + "/readyz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
      }

      stop(gateway);
      assertThat(log()).doesNotContain("\"level\":\"ERROR\"");
      assertEveryLineIsJson();
      for (String secret :
          List.of(TestGateway.STRIPE_SECRET, TestGateway.ALICE, TestLedgers.ROLE_PASSWORD)) {
        assertThat(log()).doesNotContain(secret);
      }
    } finally {
      gateway.destroyForcibly();
    }
  }

  @Test
  void everyLogLineIsJsonAlsoAfterHeadRequestsAndTheJdksOwnWarnings() throws Exception {
    Path config =
        TestGateway.prepare(
            dir,
            TestLedgers.jdbcUrl(TestLedgers.server().port(), TestLedgers.newDatabase()),
            c -> {});
    // A property the JDK's HTTP server no longer reads: it warns through java.util.logging.
    Process gateway = launch(config, "-Dsun.net.httpserver.readTimeout=1000");
    try {
      Map<String, Integer> ports = awaitPorts(gateway);
      Map<String, Integer> expected =
          Map.of(
              "http://127.0.0.1:" + ports.get("webhooks") + "/webhooks/payments", 405,
              "http://127.0.0.1:" + ports.get("admin") + "/adjustments", 401,
              "http://127.0.0.1:" + ports.get("management") + "/healthz", 200,
              "http://127.0.0.1:" + ports.get("management") + "/metrics", 200);
      try (HttpClient http = HttpClient.newHttpClient()) {
        for (Map.Entry<String, Integer> uri : expected.entrySet()) {
          HttpResponse<String> head =
              http.send(
                  HttpRequest.newBuilder(URI.create(uri.getKey()))
                      .method("HEAD", HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(head.statusCode()).as(uri.getKey()).isEqualTo(uri.getValue());
          assertThat(head.body()).isEmpty();
        }
      }
      stop(gateway);
      assertEveryLineIsJson();
      assertThat(log())
          .contains("\"logger_name\":\"com.sun.net.httpserver\"")
          .contains("sun.net.httpserver.readTimeout property is no longer used")
          // A HEAD answer announces no body, which the JDK's server would warn about.
          .doesNotContain("HEAD request");
    } finally {
      gateway.destroyForcibly();
    }
  }

  @Test
  void anInvalidConfigurationExits2NamingTheField() throws Exception {
    Process gateway =
        launch(
            "unused",
            1,
            config -> ((ObjectNode) config.withArray("webhooks").get(0)).put("path", "payments"));

    assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(gateway.exitValue()).isEqualTo(2);
    assertThat(log()).contains("webhooks[0].path: must start with /");
  }

  @Test
  void aMissingSecretExits2NamingItsFieldAndNotTheOtherSecrets() throws Exception {
    Path config = TestGateway.prepare(dir, TestLedgers.jdbcUrl(1, "unused"), edit -> {});
    Files.delete(dir.resolve("secrets").resolve("subscriptions.signing"));
    Process gateway = launch(config);

    assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(gateway.exitValue()).isEqualTo(2);
    assertThat(log())
        .contains("webhooks[1].signingSecrets[0].file: cannot read")
        .doesNotContain(TestGateway.STRIPE_SECRET)
        .doesNotContain(TestLedgers.ROLE_PASSWORD);
  }

  @Test
  void anUnreachableDatabaseExits1() throws Exception {
    Process gateway = launch("unused", 1, config -> {});

    assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(gateway.exitValue()).isEqualTo(1);
    assertThat(log()).contains("the billing gateway could not start");
  }
}
