package dev.rampart.billing.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.billing.config.ConfigReader;
import dev.rampart.billing.forward.Forwarder;
import dev.rampart.billing.forward.RetryPolicy;
import dev.rampart.billing.http.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A gateway started in this JVM on free ports, with a temporary configuration and secrets directory
 * and a new database on the shared test PostgreSQL, plus the clients that drive it: a Stripe
 * webhook {@code payments} and a Standard Webhooks one, {@code subscriptions}, signed with the
 * processors' own libraries.
 */
final class TestGateway implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String STRIPE_SECRET = "whsec_" + randomBase64(24);

  /** In {@code payments.signing.next}, for rotation tests; no webhook uses it unless told to. */
  static final String STRIPE_NEXT_SECRET = "whsec_" + randomBase64(24);

  static final String STANDARD_SECRET = "whsec_" + randomBase64(32);
  static final String FORWARD_SECRET = "whsec_" + randomBase64(32);
  static final String ALICE = "alice-" + randomBase64(18);
  static final String BOB = "bob-" + randomBase64(18);
  static final String CAROL = "carol-" + randomBase64(18);

  /** Quick timings, so that rotation and retries show within a test. */
  static final Gateway.Settings SETTINGS =
      new Gateway.Settings(
          Duration.ofMillis(100),
          new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), new Random()),
          new Forwarder.Settings(
              8, Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(5)),
          Duration.ofSeconds(5),
          Duration.ofHours(1),
          Clock.systemUTC());

  final Path dir;
  final Path secrets;
  final String database;
  final Gateway gateway;
  final HttpClient http = HttpClient.newHttpClient();

  private TestGateway(Path dir, String database, Gateway gateway) {
    this.dir = dir;
    this.secrets = dir.resolve("secrets");
    this.database = database;
    this.gateway = gateway;
  }

  static TestGateway start() {
    return start(config -> {});
  }

  /** Starts a gateway on a new database; {@code edit} changes the configuration first. */
  static TestGateway start(Consumer<ObjectNode> edit) {
    return start(edit, Map.of());
  }

  /**
   * Starts a gateway on a new database, with {@code secretFiles} (name to content) written over the
   * usual ones.
   */
  static TestGateway start(Consumer<ObjectNode> edit, Map<String, String> secretFiles) {
    String database = TestLedgers.newDatabase();
    return start(database, TestLedgers.server().port(), edit, secretFiles);
  }

  /** Starts a gateway on {@code database}, reached through {@code port}. */
  static TestGateway start(String database, int port, Consumer<ObjectNode> edit) {
    return start(database, port, edit, Map.of());
  }

  private static TestGateway start(
      String database, int port, Consumer<ObjectNode> edit, Map<String, String> secretFiles) {
    try {
      Path dir = Files.createTempDirectory("billing-gateway-test-");
      Path file = prepare(dir, TestLedgers.jdbcUrl(port, database), edit);
      for (Map.Entry<String, String> secret : secretFiles.entrySet()) {
        Files.writeString(dir.resolve("secrets").resolve(secret.getKey()), secret.getValue());
      }
      Gateway gateway = Gateway.start(ConfigReader.read(file), dir.resolve("secrets"), SETTINGS);
      return new TestGateway(dir, database, gateway);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code dir/gateway.json} (ports 0, the database at {@code jdbcUrl}, changed by {@code
   * edit}) and the secret files in {@code dir/secrets}; returns the configuration file.
   */
  static Path prepare(Path dir, String jdbcUrl, Consumer<ObjectNode> edit) throws IOException {
    Path secrets = Files.createDirectory(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("db-username"), TestLedgers.ROLE + "\n");
    Files.writeString(secrets.resolve("db-password"), TestLedgers.ROLE_PASSWORD + "\n");
    Files.writeString(secrets.resolve("payments.signing.current"), STRIPE_SECRET + "\n");
    Files.writeString(secrets.resolve("payments.signing.next"), STRIPE_NEXT_SECRET);
    Files.writeString(secrets.resolve("subscriptions.signing"), STANDARD_SECRET);
    Files.writeString(secrets.resolve("forward"), FORWARD_SECRET);
    Files.writeString(
        secrets.resolve("admin-tokens"),
        "alice=" + ALICE + "\nbob=" + BOB + "\ncarol=" + CAROL + "\n");
    ObjectNode config = config(jdbcUrl);
    edit.accept(config);
    Path file = dir.resolve("gateway.json");
    JSON.writeValue(file.toFile(), config);
    return file;
  }

  private static ObjectNode config(String jdbcUrl) throws IOException {
    return (ObjectNode)
        JSON.readTree(
            """
            {
              "listen": {"webhooks": 0, "admin": 0, "management": 0},
              "database": {"url": "%s", "usernameFile": "db-username", "passwordFile": "db-password"},
              "adminTokensFile": "admin-tokens",
              "webhooks": [
                {
                  "name": "payments",
                  "path": "/webhooks/payments",
                  "provider": "stripe",
                  "signingSecrets": [{"file": "payments.signing.current"}],
                  "toleranceSeconds": 300,
                  "maxBodyBytes": 65536,
                  "postings": [
                    {"eventType": "charge.succeeded", "amount": "/data/object/amount",
                     "currency": "/data/object/currency", "debit": "processor:stripe",
                     "credit": "revenue:sales"}
                  ],
                  "reconciliation": {"eventType": "balance.available", "account": "processor:stripe",
                                     "balances": "/data/object/available"},
                  "adjustments": {
                    "maxMinorUnits": 50000,
                    "credit": {"debit": "expense:customer-credits", "credit": "liability:customer-balance"},
                    "refund": {"debit": "revenue:refunds", "credit": "processor:stripe"}
                  }
                },
                {
                  "name": "subscriptions",
                  "path": "/webhooks/subscriptions",
                  "provider": "standard-webhooks",
                  "signingSecrets": [{"file": "subscriptions.signing"}],
                  "maxBodyBytes": 4096,
                  "maxAmountMinorUnits": 100000,
                  "postings": [
                    {"eventType": "invoice.paid", "amount": "/data/amount", "currency": "/data/currency",
                     "debit": "processor:billing", "credit": "revenue:subscriptions"}
                  ]
                }
              ]
            }
            """
                .formatted(jdbcUrl));
  }

  /** Forwards {@code webhook}'s events to {@code url}, signed with {@link #FORWARD_SECRET}. */
  static Consumer<ObjectNode> forwardTo(String webhook, URI url) {
    return config ->
        config
            .withArray("webhooks")
            .valueStream()
            .filter(hook -> hook.path("name").asText().equals(webhook))
            .forEach(
                hook ->
                    ((ObjectNode) hook)
                        .putObject("forward")
                        .put("url", url.toString())
                        .put("secretFile", "forward"));
  }

  URI webhooks(String path) {
    return URI.create("http://127.0.0.1:" + gateway.webhooksPort() + path);
  }

  URI admin(String path) {
    return URI.create("http://127.0.0.1:" + gateway.adminPort() + path);
  }

  URI management(String path) {
    return URI.create("http://127.0.0.1:" + gateway.managementPort() + path);
  }

  /** An admin request body for a credit of {@code amount} euro cents to cus_42. */
  static String credit(long amount) {
    return """
        {"kind": "credit", "account": "cus_42", "amount": %d, "currency": "eur",
         "reason": "service outage on 2026-11-20"}"""
        .formatted(amount);
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  /** A Stripe event, as Stripe sends it: {@code id}, {@code type}, {@code data.object}. */
  static String stripeEvent(String id, String type, long amount, String currency) {
    return """
        {"id":"%s","object":"event","type":"%s","data":{"object":{"id":"ch_%s","amount":%d,\
        "currency":"%s"}}}"""
        .formatted(id, type, id, amount, currency);
  }

  /** POSTs {@code body} signed now by Stripe's library with {@code secret}. */
  HttpResponse<String> postStripe(String body) {
    return postStripe(body, STRIPE_SECRET, Instant.now());
  }

  HttpResponse<String> postStripe(String body, String secret, Instant at) {
    String signature;
    try {
      signature =
          com.stripe.net.Webhook.Signature.generateSignatureHeader(
              body, secret, at.getEpochSecond());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return post(
        webhooks("/webhooks/payments"),
        body.getBytes(StandardCharsets.UTF_8),
        Map.of("Stripe-Signature", signature));
  }

  /** POSTs {@code body} as {@code id}, signed now by the Standard Webhooks library. */
  HttpResponse<String> postStandard(String id, String body) {
    return postStandard(id, body, STANDARD_SECRET, Instant.now());
  }

  HttpResponse<String> postStandard(String id, String body, String secret, Instant at) {
    String signature;
    try {
      signature = new com.standardwebhooks.Webhook(secret).sign(id, at.getEpochSecond(), body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return post(
        webhooks("/webhooks/subscriptions"),
        body.getBytes(StandardCharsets.UTF_8),
        Map.of(
            "webhook-id", id,
            "webhook-timestamp", Long.toString(at.getEpochSecond()),
            "webhook-signature", signature));
  }

  HttpResponse<String> post(URI uri, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request.build());
  }

  /** An admin API call by the holder of {@code token}; {@code body} null for a GET. */
  HttpResponse<String> admin(String method, String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(admin(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build());
  }

  String metrics() {
    return get(management("/metrics")).body();
  }

  /** The value of one series, e.g. {@code billing_forward_disabled{webhook="payments"}}. */
  double metric(String series) {
    return metrics()
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no series " + series + " in /metrics"));
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  long count(String sql, Object... parameters) {
    return TestLedgers.queryLong(database, sql, parameters);
  }

  /** Stops forwarding of {@code webhook} as its application's 410 Gone would. */
  void disableForwarding(String webhook) {
    count(
        "WITH disabled AS (INSERT INTO forward_disabled (webhook) VALUES (?)"
            + " ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM disabled",
        webhook);
  }

  /** Debits minus credits of {@code account} in {@code currency}. */
  long balance(String account, String currency) {
    return count(
        "SELECT coalesce(sum(e.amount), 0) FROM ledger_entry e JOIN ledger_account a"
            + " ON a.id = e.account_id WHERE a.name = ? AND e.currency = ?",
        account,
        currency);
  }

  void writeSecret(String file, String content) {
    try {
      Path partial = secrets.resolve(file + ".partial");
      Files.writeString(partial, content);
      Files.move(partial, secrets.resolve(file), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    gateway.close();
    http.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String randomBase64(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }
}
