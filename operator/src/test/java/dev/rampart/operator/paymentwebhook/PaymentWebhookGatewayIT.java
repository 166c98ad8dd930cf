package dev.rampart.operator.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.rampart.localcp.LocalPostgres;
import dev.rampart.localcp.Servers;
import dev.rampart.operator.api.paymentwebhook.AccountPair;
import dev.rampart.operator.api.paymentwebhook.Adjustments;
import dev.rampart.operator.api.paymentwebhook.AdminAuthorization;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.Posting;
import dev.rampart.operator.model.policy.PolicyDecisionPoint;
import dev.rampart.operator.testing.LocalDecisionPoint;
import dev.rampart.operator.testing.TenantRoles;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: the operator renders a PaymentWebhook on the local control plane; the gateway runs as
 * a local process with exactly the ConfigMap and Secrets the operator wrote, laid out as the pod
 * would see them (the projected volume's sources and items), against a real PostgreSQL. Only what a
 * laptop cannot provide is changed: listen ports (free ones) and the forward URL (a local receiver
 * instead of the cluster DNS name).
 */
class PaymentWebhookGatewayIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE = "ledger";
  private static final String ROLE_PASSWORD = HexFormat.of().formatHex(randomBytes(16));

  private static KubernetesClient client;
  private static LocalPostgres postgres;

  private Path dir;
  private Path pod;
  private int launches;
  private Process gateway;
  private LocalDecisionPoint decisionPoint;
  private HttpServer receiver;
  private final LinkedBlockingQueue<Forwarded> forwarded = new LinkedBlockingQueue<>();

  /** A request the gateway forwarded to the application. */
  private record Forwarded(Map<String, String> headers, byte[] body) {}

  @BeforeAll
  static void start() throws SQLException {
    client = TestCluster.admin();
    TestCluster.operator();
    postgres = LocalPostgres.start(Servers.fromCache());
    try (Connection connection = superuser();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE_PASSWORD + "'");
      statement.execute("CREATE DATABASE billing OWNER " + ROLE);
    }
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @BeforeEach
  void prepare() throws IOException {
    dir = Files.createTempDirectory("rampart-gateway-e2e-");
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          Map<String, String> headers = new HashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          forwarded.add(new Forwarded(headers, exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void cleanUp() throws IOException {
    if (gateway != null) {
      gateway.destroyForcibly();
    }
    if (decisionPoint != null) {
      decisionPoint.close();
    }
    receiver.stop(0);
    // The directory held secrets: leave nothing behind.
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** A provisioned Standard Webhooks PaymentWebhook posting invoices to the local ledger. */
  private static String provisionedOnTheLocalLedger(String name) {
    return provisionedOnTheLocalLedger(name, webhook -> {});
  }

  private static String provisionedOnTheLocalLedger(String name, Consumer<PaymentWebhook> more) {
    String namespace = TestWebhooks.tenantNamespace("pwhe");
    TestWebhooks.putSecret(
        namespace, "ledger-db", Map.of("username", ROLE, "password", ROLE_PASSWORD));
    PaymentWebhook webhook = TestWebhooks.standard(namespace, name);
    webhook
        .getSpec()
        .getLedger()
        .setJdbcUrl("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/billing");
    webhook
        .getSpec()
        .setPostings(
            List.of(
                new Posting(
                    "invoice.paid",
                    "/data/amount",
                    "/data/currency",
                    "processor:acquirer",
                    "revenue:subscriptions")));
    more.accept(webhook);
    TestWebhooks.provisioned(webhook);
    return namespace;
  }

  private static String invoice(long amount) {
    return "{\"type\":\"invoice.paid\",\"data\":{\"amount\":" + amount + ",\"currency\":\"eur\"}}";
  }

  @Test
  void signedWebhooksArePostedOnceForgedOnesRefusedAndEventsForwardedVerifiably() throws Exception {
    String namespace = provisionedOnTheLocalLedger("payments");
    Map<String, Integer> ports = launch(namespace, "payments");
    String signing = file("signing-v1");
    assertThat(signing).startsWith("whsec_");

    String body = invoice(4200);
    HttpResponse<String> accepted = post(ports, "payments", "msg_e2e_1", body, signing);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    // A retry of the same event is accepted and posted once.
    assertThat(post(ports, "payments", "msg_e2e_1", body, signing).statusCode()).isEqualTo(200);
    String forged = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
    assertThat(post(ports, "payments", "msg_e2e_2", body, forged).statusCode()).isEqualTo(401);

    assertThat(ledger("payments", "processor:acquirer")).isEqualTo(Map.of("EUR", 4200L));
    assertThat(ledger("payments", "revenue:subscriptions")).isEqualTo(Map.of("EUR", -4200L));
    assertThat(eventCount("payments")).isEqualTo(1);

    // The application receives the event signed with the secret of <name>-forward-signing.
    Forwarded event = forwarded.poll(60, TimeUnit.SECONDS);
    assertThat(event).as("forwarded event").isNotNull();
    assertThat(new String(event.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    String forwardSecret =
        TestWebhooks.decoded(
            client.secrets().inNamespace(namespace).withName("payments-forward-signing").get(),
            "signing-secret");
    assertThat(event.headers().get("webhook-signature"))
        .contains(
            "v1,"
                + sign(
                    forwardSecret,
                    event.headers().get("webhook-id"),
                    event.headers().get("webhook-timestamp"),
                    event.body()));

    gateway.destroy(); // SIGTERM, as the kubelet sends it
    assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(pod.resolve("gateway.log"));
    for (String secret : List.of(signing, forwardSecret, ROLE_PASSWORD, TestWebhooks.ADMIN_TOKEN)) {
      assertThat(log).doesNotContain(secret);
    }
  }

  @Test
  void afterARotationTheRolledGatewayAcceptsBothSecretsUntilTheGracePeriodEnds() throws Exception {
    String namespace = provisionedOnTheLocalLedger("rotating");
    launch(namespace, "rotating");
    String first = file("signing-v1");
    gateway.destroy();
    assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();

    TestWebhooks.poke(namespace, "rotating", PaymentWebhook.ROTATE_ANNOTATION, "1");
    TestWebhooks.awaitWebhook(
        namespace, "rotating", w -> Long.valueOf(2).equals(w.getStatus().getActiveSecretVersion()));
    // The config hash changed, so the Deployment rolls: a new pod with the new files.
    Map<String, Integer> ports = launch(namespace, "rotating");
    String second = file("signing-v2");
    assertThat(second).isNotEqualTo(first);
    assertThat(post(ports, "rotating", "msg_new", invoice(100), second).statusCode())
        .isEqualTo(200);
    assertThat(post(ports, "rotating", "msg_old", invoice(200), first).statusCode())
        .as("the previous secret, within the grace period")
        .isEqualTo(200);
    assertThat(eventCount("rotating")).isEqualTo(2);
  }

  /**
   * With adminAuthorization policy, the admin calls that move money are asked of the tenant's own
   * decision point, served from its TenantRoles: a holder of finance-approver with a second factor
   * may, the same role on a password alone may not, and nothing of a refused call is written.
   */
  @Test
  void adminCallsThatMoveMoneyAreAskedOfTheTenantsDecisionPoint() throws Exception {
    String onPassword = "pw-" + HexFormat.of().formatHex(randomBytes(12));
    String onHardwareKey = "hwk-" + HexFormat.of().formatHex(randomBytes(12));
    String onOtp = "otp-" + HexFormat.of().formatHex(randomBytes(12));
    String namespace =
        provisionedOnTheLocalLedger(
            "credits",
            webhook -> {
              webhook.getSpec().setAdminAuthorization(AdminAuthorization.POLICY);
              webhook
                  .getSpec()
                  .setAdjustments(
                      new Adjustments(
                          10_000,
                          new AccountPair("expenses:goodwill", "customers:credit"),
                          new AccountPair("revenue:subscriptions", "processor:acquirer")));
              // Before the gateway is provisioned: a change to its files later would roll it again.
              TestWebhooks.putSecret(
                  webhook.getMetadata().getNamespace(),
                  "billing-admins",
                  Map.of(
                      "tokens",
                      String.join(
                          "\n",
                          "ops=" + onPassword,
                          "hank=" + onHardwareKey + ";amr=hwk,pwd",
                          "ines=" + onOtp + ";amr=otp")));
            });
    client
        .resource(
            TenantRoles.role(
                namespace,
                "finance-approver",
                """
                requireMfa: true
                permissions: [{resource: adjustment, actions: [create, approve]}]
                subjects: {users: [ops, hank, ines]}
                tests:
                  - name: approves-with-a-second-factor
                    expect: allow
                    principal: {id: hank, roles: []}
                    action: approve
                    resource: {type: adjustment}
                    context: {amr: [hwk]}
                """))
        .create();
    // The Deployment is written last, after the bundle it mounts.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(PolicyDecisionPoint.NAME)
                        .get()
                    != null);
    decisionPoint = LocalDecisionPoint.start(client, namespace, dir);
    assertThat(config(namespace, "credits").path("policy").path("tenant").asText())
        .isEqualTo(namespace);
    Map<String, Integer> ports = launch(namespace, "credits");
    String credit =
        "{\"kind\": \"credit\", \"account\": \"cus_42\", \"amount\": 2500, \"currency\":"
            + " \"eur\", \"reason\": \"outage\"}";

    HttpResponse<String> refused = admin(ports, onPassword, "/adjustments", credit);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body()).contains("does not allow action create on adjustment");
    assertThat(adjustmentCount()).isZero();

    HttpResponse<String> requested = admin(ports, onHardwareKey, "/adjustments", credit);
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
    long id = JSON.readTree(requested.body()).path("id").asLong();
    assertThat(admin(ports, onPassword, "/adjustments/" + id + "/approvals", "").statusCode())
        .isEqualTo(403);
    HttpResponse<String> approved = admin(ports, onOtp, "/adjustments/" + id + "/approvals", "");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(adjustmentCount()).isEqualTo(1);
  }

  private static JsonNode config(String namespace, String name) throws IOException {
    return JSON.readTree(
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(name + "-gateway")
            .get()
            .getData()
            .get("gateway.json"));
  }

  private static HttpResponse<String> admin(
      Map<String, Integer> ports, String token, String path, String body) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("admin") + path))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /**
   * Lays out the gateway's files as its pod mounts them, from the Deployment's own volumes, and
   * starts it; the ports it listens on.
   */
  private Map<String, Integer> launch(String namespace, String name) throws Exception {
    pod = Files.createDirectory(dir.resolve("pod-" + ++launches));
    String gatewayName = name + "-gateway";
    var template =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(gatewayName)
            .get()
            .getSpec()
            .getTemplate()
            .getSpec();
    // Each volume's mount path becomes a local directory.
    Container container = template.getContainers().get(0);
    Map<String, Path> mounts = new HashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      mounts.put(mount.getName(), Files.createDirectory(pod.resolve(mount.getName())));
    }
    Path secrets = mounts.get("secrets");
    for (VolumeProjection source :
        template.getVolumes().stream()
            .filter(v -> v.getProjected() != null)
            .findFirst()
            .orElseThrow()
            .getProjected()
            .getSources()) {
      SecretProjection projection = source.getSecret();
      Secret secret = client.secrets().inNamespace(namespace).withName(projection.getName()).get();
      Map<String, String> paths = new HashMap<>();
      if (projection.getItems().isEmpty()) {
        secret.getData().keySet().forEach(key -> paths.put(key, key));
      } else {
        projection.getItems().forEach(item -> paths.put(item.getKey(), item.getPath()));
      }
      for (Map.Entry<String, String> path : paths.entrySet()) {
        Files.write(
            secrets.resolve(path.getValue()),
            Base64.getDecoder().decode(secret.getData().get(path.getKey())));
      }
    }
    ConfigMapVolumeSource configVolume =
        template.getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .findFirst()
            .orElseThrow()
            .getConfigMap();
    ObjectNode config =
        (ObjectNode)
            JSON.readTree(
                client
                    .configMaps()
                    .inNamespace(namespace)
                    .withName(configVolume.getName())
                    .get()
                    .getData()
                    .get("gateway.json"));
    config.putObject("listen").put("webhooks", 0).put("admin", 0).put("management", 0);
    ((ObjectNode) config.withArray("webhooks").get(0).path("forward"))
        .put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/billing-events");
    if (config.has("policy")) {
      // The tenant's PDP, as the pod reaches it through its Service: here, on loopback.
      ((ObjectNode) config.get("policy")).put("url", decisionPoint.url());
    }
    Files.writeString(
        mounts.get("config").resolve("gateway.json"), JSON.writeValueAsString(config));

    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.rampart.billing.Main")
            .redirectErrorStream(true)
            .redirectOutput(pod.resolve("gateway.log").toFile());
    // The Deployment's variables, with its mount paths pointing at the local directories.
    for (EnvVar env : container.getEnv()) {
      String value = env.getValue();
      for (VolumeMount mount : container.getVolumeMounts()) {
        if (value.startsWith(mount.getMountPath() + "/") || value.equals(mount.getMountPath())) {
          value = mounts.get(mount.getName()) + value.substring(mount.getMountPath().length());
          break;
        }
      }
      builder.environment().put(env.getName(), value);
    }
    builder.environment().put("BILLING_GATEWAY_PORTS_FILE", pod.resolve("ports").toString());
    gateway = builder.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(pod.resolve("ports")) || !gateway.isAlive());
    assertThat(gateway.isAlive())
        .as("gateway running; log:%n%s", Files.readString(pod.resolve("gateway.log")))
        .isTrue();
    Map<String, Integer> ports = new HashMap<>();
    for (String line : Files.readAllLines(pod.resolve("ports"))) {
      String[] pair = line.split("=");
      ports.put(pair[0], Integer.parseInt(pair[1]));
    }
    return ports;
  }

  /** A file of the gateway's secrets directory. */
  private String file(String name) throws IOException {
    return Files.readString(pod.resolve("secrets").resolve(name));
  }

  private static HttpResponse<String> post(
      Map<String, Integer> ports, String webhook, String id, String body, String secret)
      throws Exception {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + ports.get("webhooks") + "/webhooks/" + webhook))
              .header("webhook-id", id)
              .header("webhook-timestamp", timestamp)
              .header("webhook-signature", "v1," + sign(secret, id, timestamp, bytes))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** The Standard Webhooks signature: HMAC-SHA256 of {@code id.timestamp.body}, in base64. */
  private static String sign(String secret, String id, String timestamp, byte[] body)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  /** The account's balance per currency from the webhook's ledger entries. */
  private static Map<String, Long> ledger(String webhook, String account) throws SQLException {
    try (Connection connection = billing();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT e.currency, sum(e.amount) FROM ledger_entry e"
                    + " JOIN ledger_account a ON a.id = e.account_id"
                    + " JOIN ledger_transaction t ON t.id = e.transaction_id"
                    + " WHERE t.webhook = ? AND a.name = ? GROUP BY e.currency")) {
      query.setString(1, webhook);
      query.setString(2, account);
      Map<String, Long> balances = new HashMap<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          balances.put(rows.getString(1), rows.getLong(2));
        }
      }
      return balances;
    }
  }

  /** How many ledger transactions the webhook posted. */
  private static long eventCount(String webhook) throws SQLException {
    try (Connection connection = billing();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM ledger_transaction WHERE webhook = ?")) {
      query.setString(1, webhook);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static long adjustmentCount() throws SQLException {
    try (Connection connection = billing();
        PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM adjustment");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static Connection billing() throws SQLException {
    return connect("billing", ROLE, ROLE_PASSWORD);
  }

  private static Connection superuser() throws SQLException {
    return connect("postgres", LocalPostgres.SUPERUSER, postgres.superuserPassword());
  }

  private static Connection connect(String database, String user, String password)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(
        "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + database,
        properties);
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
