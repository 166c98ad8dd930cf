package dev.rampart.operator.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.rampart.billing.authn.AccessTokens;
import dev.rampart.billing.authn.JwksKeys;
import dev.rampart.billing.authz.AdminAction;
import dev.rampart.billing.authz.PolicyDecisionPoint;
import dev.rampart.billing.config.AdminCredential;
import dev.rampart.billing.config.ConfigReader;
import dev.rampart.billing.config.GatewayConfig;
import dev.rampart.localcp.LocalPostgres;
import dev.rampart.localcp.Servers;
import dev.rampart.operator.api.auth.AuthDeletionPolicy;
import dev.rampart.operator.api.paymentwebhook.AccountPair;
import dev.rampart.operator.api.paymentwebhook.Adjustments;
import dev.rampart.operator.api.paymentwebhook.AdminAuthorization;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.Posting;
import dev.rampart.operator.model.auth.LoginFlow;
import dev.rampart.operator.testing.BrowserLogin;
import dev.rampart.operator.testing.BrowserLogin.Pkce;
import dev.rampart.operator.testing.BrowserLogin.User;
import dev.rampart.operator.testing.LocalDecisionPoint;
import dev.rampart.operator.testing.Realms;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private static final String CREDIT =
      "{\"kind\": \"credit\", \"account\": \"cus_42\", \"amount\": 2500, \"currency\":"
          + " \"eur\", \"reason\": \"outage\"}";

  /** A TenantRole both tenants have: the name must not carry a grant from one to the other. */
  private static final String ADJUSTMENT_APPROVER = "adjustment-approver";

  /** The OidcClient whose tokens the admin API takes (spec.adminClient). */
  private static final String ADMIN_CLIENT = "admin-console";

  private static KubernetesClient client;
  private static LocalPostgres postgres;

  private Path dir;
  private Path pod;
  private int launches;
  private Process gateway;
  private LocalDecisionPoint decisionPoint;
  private LocalDecisionPoint otherDecisionPoint;
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
    for (LocalDecisionPoint pdp : new LocalDecisionPoint[] {decisionPoint, otherDecisionPoint}) {
      if (pdp != null) {
        pdp.close();
      }
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
              adjustedByPolicy(webhook);
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
    decisionPoint = decisionPointOf(namespace, dir);
    assertThat(config(namespace, "credits").path("policy").path("tenant").asText())
        .isEqualTo(namespace);
    Map<String, Integer> ports = launch(namespace, "credits");

    long id = requestedWithASecondFactorOnly(ports, "credits", onPassword, onHardwareKey);
    assertThat(admin(ports, onPassword, "/adjustments/" + id + "/approvals", "").statusCode())
        .isEqualTo(403);
    HttpResponse<String> approved = admin(ports, onOtp, "/adjustments/" + id + "/approvals", "");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(adjustmentCount("credits")).isEqualTo(1);
  }

  /**
   * With adminClient, the admin API takes access tokens of the tenant's own realm, issued to that
   * client, and asks the tenant's decision point with the token's user, roles and acr: a holder of
   * a requireMfa role who logged in with the second factor may, a user bound to it on a password
   * alone may not. Another tenant with a role and a user of the same names changes nothing: its
   * realm's token is refused by this gateway, and its decision point refuses this tenant's caller.
   */
  @Test
  void realmTokensAreAskedOfTheTenantsDecisionPointAndAnotherTenantsCountForNothing()
      throws Exception {
    String namespace =
        provisionedOnTheLocalLedger(
            "console-credits",
            webhook -> {
              adjustedByPolicy(webhook);
              String tenant = webhook.getMetadata().getNamespace();
              Realms.addRealm(tenant, AuthDeletionPolicy.DELETE);
              createAdjustmentApprover(tenant);
              Realms.awaitClient(Realms.publicClient(tenant, ADMIN_CLIENT));
              webhook.getSpec().setAdminClient(ADMIN_CLIENT);
            });
    JsonNode oidc = config(namespace, "console-credits").path("oidc");
    assertThat(oidc.path("issuer").asText()).isEqualTo(Realms.issuer(namespace));
    String adminClient = oidc.path("audience").asText();
    assertThat(adminClient).isEqualTo(namespace + "." + ADMIN_CLIENT);
    String otherApp = Realms.awaitClient(Realms.publicClient(namespace, "other-app"));
    User ada = Realms.user(namespace, "ada", ADJUSTMENT_APPROVER);
    User bea = Realms.user(namespace, "bea", ADJUSTMENT_APPROVER);
    User pat = Realms.user(namespace, "pat"); // bound to the role by its subjects alone
    decisionPoint = decisionPointOf(namespace, dir);
    Map<String, Integer> ports = launch(namespace, "console-credits");

    // Another tenant, whose role and user have the same names.
    String other = Realms.tenantWithRealm("pwhe-other", AuthDeletionPolicy.DELETE);
    createAdjustmentApprover(other);
    String otherAdminClient = Realms.awaitClient(Realms.publicClient(other, ADMIN_CLIENT));
    User otherAda = Realms.user(other, "ada", ADJUSTMENT_APPROVER);
    otherDecisionPoint = decisionPointOf(other, Files.createDirectory(dir.resolve("other")));

    // The realm has the role's holders set up TOTP at their first login; pat has none to give.
    String adaToken = accessToken(namespace, adminClient, ada);
    String beaToken = accessToken(namespace, adminClient, bea);
    String patToken = accessToken(namespace, adminClient, pat);
    assertThat(BrowserLogin.claims(adaToken).path("acr").asText()).isEqualTo(LoginFlow.MFA_ACR);
    assertThat(BrowserLogin.claims(beaToken).path("acr").asText()).isEqualTo(LoginFlow.MFA_ACR);
    assertThat(BrowserLogin.claims(patToken).path("acr").asText()).isEqualTo("pwd");

    String adjustment =
        "/adjustments/"
            + requestedWithASecondFactorOnly(ports, "console-credits", patToken, adaToken);
    HttpResponse<String> approvedOnPassword = admin(ports, patToken, adjustment + "/approvals", "");
    assertThat(approvedOnPassword.statusCode()).as(approvedOnPassword.body()).isEqualTo(403);
    assertThat(approvedOnPassword.body()).contains("does not allow action approve on adjustment");
    // The policy lets ada approve; the ledger knows her by the token's name as the requester.
    HttpResponse<String> ownApproval = admin(ports, adaToken, adjustment + "/approvals", "");
    assertThat(ownApproval.statusCode()).as(ownApproval.body()).isEqualTo(403);
    assertThat(ownApproval.body()).contains("cannot be approved by its requester");
    HttpResponse<String> approved = admin(ports, beaToken, adjustment + "/approvals", "");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode shown = JSON.readTree(admin(ports, beaToken, adjustment, null).body());
    assertThat(shown.path("requestedBy").asText()).isEqualTo("ada");
    assertThat(shown.path("approvedBy").toString()).isEqualTo("[\"bea\"]");

    // A token of the other tenant's realm (signed with a key this realm does not have, so refused
    // before its iss is read), and one of this realm for another client: nobody here.
    String otherToken = accessToken(other, otherAdminClient, otherAda);
    assertThat(BrowserLogin.claims(otherToken).path("acr").asText()).isEqualTo(LoginFlow.MFA_ACR);
    HttpResponse<String> otherRealm = admin(ports, otherToken, "/adjustments", CREDIT);
    assertThat(otherRealm.statusCode()).as(otherRealm.body()).isEqualTo(401);
    HttpResponse<String> otherClient =
        admin(ports, accessToken(namespace, otherApp, pat), "/adjustments", CREDIT);
    assertThat(otherClient.statusCode()).as(otherClient.body()).isEqualTo(401);
    assertThat(metrics(ports))
        .contains(
            "billing_admin_token_rejected_total{reason=\"signature\"} 1.0",
            "billing_admin_token_rejected_total{reason=\"audience\"} 1.0");
    assertThat(adjustmentCount("console-credits")).isEqualTo(1);

    // ada as this gateway names her to the policy: allowed by this tenant's decision point,
    // refused by the other's; there, the same caller as its own gateway asks is allowed.
    GatewayConfig gateway = ConfigReader.read(pod.resolve("config").resolve("gateway.json"));
    GatewayConfig.Policy policy = gateway.policy().orElseThrow();
    GatewayConfig.Oidc realm = gateway.oidc().orElseThrow();
    try (JwksKeys keys =
            new JwksKeys(
                realm.jwksUrl(),
                JwksKeys.FETCH_TIMEOUT,
                JwksKeys.MIN_INTERVAL,
                JwksKeys.MAX_AGE,
                Clock.systemUTC());
        PolicyDecisionPoint own =
            new PolicyDecisionPoint(policy.url(), policy.tenant(), policy.timeout());
        PolicyDecisionPoint others =
            new PolicyDecisionPoint(
                URI.create(otherDecisionPoint.url()), policy.tenant(), policy.timeout());
        PolicyDecisionPoint othersOwn =
            new PolicyDecisionPoint(
                URI.create(otherDecisionPoint.url()), other, policy.timeout())) {
      AccessTokens tokens = new AccessTokens(realm, keys, Clock.systemUTC());
      AdminCredential caller = tokens.verify(adaToken).orElseThrow();
      assertThat(caller.name()).isEqualTo("ada");
      assertThat(caller.roles()).contains(ADJUSTMENT_APPROVER);
      assertThat(policy.tenant()).isEqualTo(namespace);
      assertThat(own.allows(caller, AdminAction.CREATE_ADJUSTMENT)).isTrue();
      // pat holds the role by name; the policy refused the password alone, and nothing else.
      AdminCredential onPassword = tokens.verify(patToken).orElseThrow();
      assertThat(onPassword.name()).isEqualTo("pat");
      assertThat(own.allows(onPassword, AdminAction.CREATE_ADJUSTMENT)).isFalse();
      AdminCredential secondFactor =
          new AdminCredential(
              onPassword.name(),
              onPassword.roles(),
              onPassword.groups(),
              onPassword.amr(),
              Optional.of(LoginFlow.MFA_ACR));
      assertThat(own.allows(secondFactor, AdminAction.CREATE_ADJUSTMENT)).isTrue();
      assertThat(others.allows(caller, AdminAction.CREATE_ADJUSTMENT)).isFalse();
      assertThat(others.allows(caller, AdminAction.APPROVE_ADJUSTMENT)).isFalse();
      assertThat(othersOwn.allows(caller, AdminAction.CREATE_ADJUSTMENT)).isTrue();
    }
  }

  /**
   * The id of the credit requested with {@code withSecondFactor}, after the same request on {@code
   * onPassword} was refused by the policy and wrote nothing.
   */
  private static long requestedWithASecondFactorOnly(
      Map<String, Integer> ports, String webhook, String onPassword, String withSecondFactor)
      throws Exception {
    HttpResponse<String> refused = admin(ports, onPassword, "/adjustments", CREDIT);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body()).contains("does not allow action create on adjustment");
    assertThat(adjustmentCount(webhook)).isZero();
    HttpResponse<String> requested = admin(ports, withSecondFactor, "/adjustments", CREDIT);
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
    return JSON.readTree(requested.body()).path("id").asLong();
  }

  /** adminAuthorization policy, with credits and refunds of up to 100.00. */
  private static void adjustedByPolicy(PaymentWebhook webhook) {
    webhook.getSpec().setAdminAuthorization(AdminAuthorization.POLICY);
    webhook
        .getSpec()
        .setAdjustments(
            new Adjustments(
                10_000,
                new AccountPair("expenses:goodwill", "customers:credit"),
                new AccountPair("revenue:subscriptions", "processor:acquirer")));
  }

  /**
   * The tenant's {@link #ADJUSTMENT_APPROVER}, held through the realm role of its name (whose
   * holders the realm asks for a second factor) or by pat, whom its subjects name.
   */
  private static void createAdjustmentApprover(String namespace) {
    client
        .resource(
            TenantRoles.role(
                namespace,
                ADJUSTMENT_APPROVER,
                """
                requireMfa: true
                permissions: [{resource: adjustment, actions: [create, approve]}]
                subjects: {users: [pat]}
                """))
        .create();
    Realms.awaitRole(namespace, ADJUSTMENT_APPROVER);
  }

  /** The tenant's decision point, on loopback, once Rampart has written it. */
  private static LocalDecisionPoint decisionPointOf(String namespace, Path dir) throws IOException {
    // The Deployment is written last, after the bundle it mounts.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(dev.rampart.operator.model.policy.PolicyDecisionPoint.NAME)
                        .get()
                    != null);
    return LocalDecisionPoint.start(client, namespace, dir);
  }

  /**
   * An access token of the tenant's realm for {@code clientId}, after the user's browser login. It
   * asks for profile, as an admin console would: without it, the token has no preferred_username,
   * and the gateway names the caller by the user's id (sub).
   */
  private static String accessToken(String tenant, String clientId, User user) {
    BrowserLogin browser = new BrowserLogin(Realms.issuer(tenant));
    BrowserLogin.Outcome login =
        browser.login(clientId, Realms.REDIRECT, Pkce.S256, user, "openid profile");
    assertThat(login.succeeded()).as(login.refusal()).isTrue();
    return browser.exchange(clientId, Realms.REDIRECT, login).accessToken();
  }

  private static String metrics(Map<String, Integer> ports) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + ports.get("management") + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
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

  /** A POST of {@code body} to the admin API, or a GET without one. */
  private static HttpResponse<String> admin(
      Map<String, Integer> ports, String token, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("admin") + path))
            .header("Authorization", "Bearer " + token);
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.POST(HttpRequest.BodyPublishers.ofString(body));
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

  /** How many adjustments were requested on the webhook. */
  private static long adjustmentCount(String webhook) throws SQLException {
    try (Connection connection = billing();
        PreparedStatement query =
            connection.prepareStatement("SELECT count(*) FROM adjustment WHERE webhook = ?")) {
      query.setString(1, webhook);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
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
