package dev.rampart.billing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.billing.config.GatewayConfig.Webhook;
import dev.rampart.billing.verify.Provider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The example of the module README, so that the documented contract is what is parsed. */
  static String readmeExample() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher json = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(json.find()).as("README.md has a JSON example").isTrue();
    return json.group(1);
  }

  @Test
  void readsTheReadmeExample() throws IOException {
    GatewayConfig config = ConfigReader.parse(readmeExample().getBytes(StandardCharsets.UTF_8));

    assertThat(config.listen()).isEqualTo(new GatewayConfig.Listen(8080, 8081, 9090));
    assertThat(config.database())
        .isEqualTo(
            new GatewayConfig.Database(
                "jdbc:postgresql://ledger.example:5432/billing", "db-username", "db-password"));
    assertThat(config.adminTokensFile()).contains("admin-tokens");
    assertThat(config.policy())
        .contains(
            new GatewayConfig.Policy(
                URI.create("http://rampart-pdp.team-a.svc:8181"),
                "team-a",
                Duration.ofMillis(2000)));
    assertThat(config.oidc())
        .contains(
            new GatewayConfig.Oidc(
                "https://sso.example/realms/team-a",
                "billing-gateway",
                URI.create("https://sso.example/realms/team-a/protocol/openid-connect/certs")));
    Webhook hook = config.webhooks().getFirst();
    assertThat(hook.name()).isEqualTo("payments");
    assertThat(hook.path()).isEqualTo("/webhooks/payments");
    assertThat(hook.provider()).isEqualTo(Provider.STRIPE);
    assertThat(hook.signingSecrets())
        .containsExactly(
            new GatewayConfig.SigningSecret("payments.signing.current", java.util.Optional.empty()),
            new GatewayConfig.SigningSecret(
                "payments.signing.previous",
                java.util.Optional.of(Instant.parse("2026-11-23T12:00:00Z"))));
    assertThat(hook.tolerance()).isEqualTo(Duration.ofMinutes(5));
    assertThat(hook.idempotencyWindow()).isEqualTo(Duration.ofDays(30));
    assertThat(hook.maxBodyBytes()).isEqualTo(262144);
    assertThat(hook.maxAmountMinorUnits()).isEqualTo(100_000_000L);
    assertThat(hook.postings())
        .containsExactly(
            new GatewayConfig.Posting(
                "charge.succeeded",
                "/data/object/amount",
                "/data/object/currency",
                "processor:stripe",
                "revenue:sales"));
    assertThat(hook.reconciliation())
        .contains(
            new GatewayConfig.Reconciliation(
                "balance.available", "processor:stripe", "/data/object/available"));
    assertThat(hook.forward())
        .contains(
            new GatewayConfig.Forward(
                URI.create("http://app.team-a.svc:8080/billing-events"), "payments.forward"));
    assertThat(hook.adjustments())
        .contains(
            new GatewayConfig.Adjustments(
                50000,
                new GatewayConfig.Accounts(
                    "expense:customer-credits", "liability:customer-balance"),
                new GatewayConfig.Accounts("revenue:refunds", "processor:stripe")));
  }

  @Test
  void optionalPartsHaveDefaults() {
    GatewayConfig config =
        ConfigReader.parse(
            """
            {"listen": {"webhooks": 0, "admin": 0, "management": 0},
             "database": {"url": "jdbc:postgresql://db/billing", "usernameFile": "u", "passwordFile": "p"},
             "webhooks": [{"name": "sw", "path": "/hooks/sw", "provider": "standard-webhooks",
                           "signingSecrets": [{"file": "sw.key"}]}]}
            """
                .getBytes(StandardCharsets.UTF_8));

    assertThat(config.adminTokensFile()).isEmpty();
    assertThat(config.policy()).isEmpty();
    assertThat(config.oidc()).isEmpty();
    Webhook hook = config.webhooks().getFirst();
    assertThat(hook.tolerance()).isEqualTo(Duration.ofSeconds(300));
    assertThat(hook.idempotencyWindow()).isEqualTo(Duration.ofDays(30));
    assertThat(hook.maxBodyBytes()).isEqualTo(256 * 1024);
    assertThat(hook.maxAmountMinorUnits()).isEqualTo(999_999_999_999L);
    assertThat(hook.postings()).isEmpty();
    assertThat(hook.reconciliation()).isEmpty();
    assertThat(hook.forward()).isEmpty();
    assertThat(hook.adjustments()).isEmpty();
  }

  @Test
  void namesTheFieldOfEachProblemAndReportsThemAllAtOnce() throws IOException {
    List<String> problems =
        problemsAfter(
            root -> {
              ObjectNode hook = firstWebhook(root);
              hook.put("path", "webhooks/payments");
              hook.put("provider", "paypal");
              hook.put("toleranceSeconds", "300");
              ((ObjectNode) hook.get("signingSecrets").get(1)).put("validUntil", "next tuesday");
              ((ObjectNode) root.get("listen")).put("admin", 70000);
            });

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "webhooks[0].path: must start with /",
            "webhooks[0].provider: must be stripe or standard-webhooks",
            "webhooks[0].toleranceSeconds: must be a whole number",
            "webhooks[0].signingSecrets[1].validUntil: must be an RFC 3339 instant such as"
                + " 2026-11-23T12:00:00Z",
            "listen.admin: must be between 0 and 65535");
  }

  @Test
  void requiredFields() throws IOException {
    assertThat(problemsAfter(root -> root.remove("database")))
        .containsExactly("database: is required");
    assertThat(problemsAfter(root -> firstWebhook(root).remove("signingSecrets")))
        .containsExactly("webhooks[0].signingSecrets: is required");
    assertThat(problemsAfter(root -> firstWebhook(root).putArray("signingSecrets")))
        .containsExactly("webhooks[0].signingSecrets: must list at least one secret");
    assertThat(problemsAfter(root -> root.putArray("webhooks")))
        .containsExactly("webhooks: must list at least one webhook");
    assertThat(problemsAfter(root -> firstWebhook(root).put("name", "")))
        .containsExactly("webhooks[0].name: must be a non-empty string");
    assertThat(
            problemsAfter(
                root -> ((ObjectNode) firstWebhook(root).get("adjustments")).remove("refund")))
        .containsExactly("webhooks[0].adjustments.refund: is required");
  }

  @Test
  void unknownFieldsAreRefusedSoThatTyposDoNotPassSilently() throws IOException {
    assertThat(problemsAfter(root -> firstWebhook(root).put("maxBodyByte", 10)))
        .containsExactly("webhooks[0].maxBodyByte: unknown field");
    assertThat(
            problemsAfter(
                root -> ((ObjectNode) firstWebhook(root).get("forward")).put("secret", "x")))
        .containsExactly("webhooks[0].forward.secret: unknown field");
  }

  @Test
  void secretFilesMustBeNamesInTheSecretsDirectory() throws IOException {
    for (String bad : new String[] {"../etc/passwd", "/etc/shadow", "a/b", "..data", "."}) {
      assertThat(
              problemsAfter(root -> ((ObjectNode) root.get("database")).put("passwordFile", bad)))
          .as(bad)
          .containsExactly(
              "database.passwordFile: must be a file name in the secrets directory"
                  + " (letters, digits, - _ .)");
    }
  }

  @Test
  void namesAndPathsAreUnique() throws IOException {
    List<String> problems =
        problemsAfter(
            root -> {
              ArrayNode hooks = (ArrayNode) root.get("webhooks");
              hooks.add(hooks.get(0).deepCopy());
            });

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "webhooks[1].name: \"payments\" is already used by webhooks[0]",
            "webhooks[1].path: \"/webhooks/payments\" is already used by webhooks[0]");
  }

  @Test
  void postingsAreWellFormed() throws IOException {
    List<String> problems =
        problemsAfter(
            root -> {
              ArrayNode postings = (ArrayNode) firstWebhook(root).get("postings");
              ObjectNode posting = (ObjectNode) postings.get(0);
              postings.add(posting.deepCopy());
              posting.put("amount", "data.object.amount");
              posting.put("credit", "processor:stripe");
              posting.put("debit", "has spaces");
            });

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "webhooks[0].postings[0].amount: must be a JSON Pointer such as /data/object/amount",
            "webhooks[0].postings[0].debit: must be an account name such as revenue:sales"
                + " (letters, digits, _ . : -)",
            "webhooks[0].postings[1].eventType: \"charge.succeeded\" is already used by"
                + " webhooks[0].postings[0]");
  }

  @Test
  void eventTypesAreOnesAnEventCanCarry() throws IOException {
    String rule =
        ": must be an event type such as charge.succeeded (1 to 255 visible ASCII characters)";

    assertThat(
            problemsAfter(
                root -> {
                  ((ObjectNode) firstWebhook(root).get("postings").get(0))
                      .put("eventType", "charge succeeded");
                  ((ObjectNode) firstWebhook(root).get("reconciliation"))
                      .put("eventType", "b".repeat(256));
                }))
        .containsExactlyInAnyOrder(
            "webhooks[0].postings[0].eventType" + rule,
            "webhooks[0].reconciliation.eventType" + rule);
  }

  @Test
  void theLargestAmountIsAtLeastOneMinorUnit() throws IOException {
    assertThat(problemsAfter(root -> firstWebhook(root).put("maxAmountMinorUnits", 0)))
        .containsExactly("webhooks[0].maxAmountMinorUnits: must be at least 1");
    assertThat(problemsAfter(root -> firstWebhook(root).put("maxAmountMinorUnits", 1.5)))
        .containsExactly("webhooks[0].maxAmountMinorUnits: must be a whole number");
  }

  @Test
  void anAccountIsNotDebitedAndCreditedAtOnce() throws IOException {
    assertThat(
            problemsAfter(
                root ->
                    ((ObjectNode) firstWebhook(root).get("adjustments").get("credit"))
                        .put("credit", "expense:customer-credits")))
        .containsExactly("webhooks[0].adjustments.credit.credit: must differ from debit");
  }

  @Test
  void theIdempotencyWindowCoversEveryReplayTheToleranceAdmits() throws IOException {
    assertThat(
            problemsAfter(
                root -> {
                  firstWebhook(root).put("toleranceSeconds", 600);
                  firstWebhook(root).put("idempotencyWindowSeconds", 900);
                }))
        .containsExactly(
            "webhooks[0].idempotencyWindowSeconds: must be at least twice toleranceSeconds (1200)");
  }

  @Test
  void forwardUrlIsAbsoluteHttpWithoutCredentials() throws IOException {
    String message = "webhooks[0].forward.url: must be an absolute http or https URL";
    for (String url : new String[] {"app.svc/events", "ftp://app/events", "http:///events"}) {
      assertThat(
              problemsAfter(
                  root -> ((ObjectNode) firstWebhook(root).get("forward")).put("url", url)))
          .as(url)
          .containsExactly(message);
    }
    assertThat(
            problemsAfter(
                root ->
                    ((ObjectNode) firstWebhook(root).get("forward"))
                        .put("url", "https://user:hunter2@app/events")))
        .containsExactly(
            "webhooks[0].forward.url: must not carry credentials (the configuration holds no"
                + " secrets)");
  }

  @Test
  void thePolicyDecisionPointHasABaseUrlATenantAndABoundedTimeout() throws IOException {
    GatewayConfig config =
        ConfigReader.parse(
            JSON.writeValueAsBytes(
                edited(
                    root ->
                        root.putObject("policy")
                            .put("url", "https://pdp.team-a.svc:8181/opa/")
                            .put("tenant", "team-a.eu"))));
    assertThat(config.policy())
        .contains(
            new GatewayConfig.Policy(
                URI.create("https://pdp.team-a.svc:8181/opa"), "team-a.eu", Duration.ofSeconds(2)));

    assertThat(problemsAfter(root -> root.putObject("policy")))
        .containsExactlyInAnyOrder("policy.url: is required", "policy.tenant: is required");
    assertThat(problemsAfter(root -> policy(root).put("url", "rampart-pdp:8181")))
        .containsExactly("policy.url: must be an absolute http or https URL");
    assertThat(problemsAfter(root -> policy(root).put("url", "http://pdp:8181/?x=1")))
        .containsExactly(
            "policy.url: must be the decision point's base URL, without query or fragment");
    assertThat(problemsAfter(root -> policy(root).put("url", "http://u:hunter2@pdp:8181")))
        .containsExactly(
            "policy.url: must not carry credentials (the configuration holds no secrets)");
    for (String tenant : new String[] {"Team-A", "team_a", "-a", "a.", "a".repeat(254)}) {
      assertThat(problemsAfter(root -> policy(root).put("tenant", tenant)))
          .as(tenant)
          .containsExactly(
              "policy.tenant: must be a Tenant's name (lower-case letters, digits, '-' and '.',"
                  + " at most 253)");
    }
    for (long timeout : new long[] {99, 30001}) {
      assertThat(problemsAfter(root -> policy(root).put("timeoutMillis", timeout)))
          .containsExactly("policy.timeoutMillis: must be between 100 and 30000");
    }
    assertThat(problemsAfter(root -> policy(root).put("timeoutMillis", "2s")))
        .containsExactly("policy.timeoutMillis: must be a whole number");
    assertThat(problemsAfter(root -> policy(root).put("timeout", 100)))
        .containsExactly("policy.timeout: unknown field");
    assertThat(problemsAfter(root -> root.put("policy", "http://pdp:8181")))
        .containsExactly("policy: must be an object");
  }

  @Test
  void oidcNamesTheRealmAndTheGatewaysAudienceAndFindsTheKeysWhereKeycloakPublishesThem()
      throws IOException {
    assertThat(oidcAfter(oidc -> oidc.put("issuer", "https://sso.example/realms/team-a/")))
        .isEqualTo(
            new GatewayConfig.Oidc(
                "https://sso.example/realms/team-a/",
                "billing-gateway",
                URI.create("https://sso.example/realms/team-a/protocol/openid-connect/certs")));
    assertThat(oidcAfter(oidc -> oidc.put("jwksUrl", "https://keycloak.sso.svc:8443/keys")))
        .isEqualTo(
            new GatewayConfig.Oidc(
                "https://sso.example/realms/team-a",
                "billing-gateway",
                URI.create("https://keycloak.sso.svc:8443/keys")));
    for (String local :
        new String[] {
          "http://127.0.0.1:8080/realms/team-a",
          "http://localhost:8080/realms/team-a",
          "http://LocalHost/realms/team-a",
          "http://[::1]:8080/realms/team-a"
        }) {
      assertThat(oidcAfter(oidc -> oidc.put("issuer", local)).issuer()).isEqualTo(local);
    }
  }

  @Test
  void oidcIsHttpsUnlessOnTheLoopback() throws IOException {
    String https = ": must be an https URL (http only on 127.0.0.1, localhost or [::1])";
    for (String remote :
        new String[] {
          "http://keycloak.sso.svc:8080/realms/team-a",
          "http://10.0.0.7/realms/team-a",
          "http://127.0.0.2/realms/team-a",
          "http://localhost.example/realms/team-a"
        }) {
      assertThat(problemsAfter(root -> oidc(root).put("issuer", remote)))
          .as(remote)
          .containsExactly("oidc.issuer" + https);
      assertThat(problemsAfter(root -> oidc(root).put("jwksUrl", remote + "/certs")))
          .as(remote)
          .containsExactly("oidc.jwksUrl" + https);
    }
    assertThat(problemsAfter(root -> oidc(root).put("issuer", "sso.example/realms/team-a")))
        .containsExactly("oidc.issuer: must be an absolute http or https URL");
    assertThat(problemsAfter(root -> oidc(root).put("issuer", "https://sso.example/realms/a?b")))
        .containsExactly("oidc.issuer: must be the realm's URL, without query or fragment");
    assertThat(problemsAfter(root -> oidc(root).put("issuer", "https://u:p@sso.example/realms/a")))
        .containsExactly(
            "oidc.issuer: must not carry credentials (the configuration holds no secrets)");
  }

  @Test
  void oidcNeedsAnIssuerAndAnAudienceAndNothingElse() throws IOException {
    assertThat(problemsAfter(root -> root.putObject("oidc")))
        .containsExactlyInAnyOrder("oidc.issuer: is required", "oidc.audience: is required");
    assertThat(problemsAfter(root -> oidc(root).put("audience", "")))
        .containsExactly("oidc.audience: must be a non-empty string");
    assertThat(problemsAfter(root -> oidc(root).put("jwksUri", "https://sso.example/certs")))
        .containsExactly("oidc.jwksUri: unknown field");
    assertThat(problemsAfter(root -> root.put("oidc", "https://sso.example/realms/team-a")))
        .containsExactly("oidc: must be an object");
  }

  private static GatewayConfig.Oidc oidcAfter(Consumer<ObjectNode> edit) throws IOException {
    return ConfigReader.parse(JSON.writeValueAsBytes(edited(root -> edit.accept(oidc(root)))))
        .oidc()
        .orElseThrow();
  }

  private static ObjectNode oidc(ObjectNode root) {
    return (ObjectNode) root.get("oidc");
  }

  private static ObjectNode policy(ObjectNode root) {
    return (ObjectNode) root.get("policy");
  }

  @Test
  void portsMayNotCollideUnlessPickedFreely() throws IOException {
    assertThat(problemsAfter(root -> ((ObjectNode) root.get("listen")).put("management", 8080)))
        .containsExactly("listen.management: must differ from listen.webhooks and listen.admin");
  }

  @Test
  void invalidJsonNamesTheLine() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigReader.parse("{\n \"listen\": {,}\n}".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.problems()).singleElement().asString().startsWith("line 2, column ");

    ConfigException duplicate =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigReader.parse("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8)));
    assertThat(duplicate.problems()).singleElement().asString().contains("Duplicate field 'a'");

    ConfigException notObject =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigReader.parse("[]".getBytes(StandardCharsets.UTF_8)));
    assertThat(notObject.problems()).containsExactly("the configuration must be a JSON object");
  }

  @Test
  void aMissingFileIsReportedByPath(@TempDir Path dir) {
    Path missing = dir.resolve("gateway.json");
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigReader.read(missing));
    assertThat(e.problems()).containsExactly(missing + ": cannot be read (NoSuchFileException)");
  }

  private static ObjectNode firstWebhook(ObjectNode root) {
    return (ObjectNode) root.get("webhooks").get(0);
  }

  private static ObjectNode edited(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(readmeExample());
    edit.accept(root);
    return root;
  }

  private static List<String> problemsAfter(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = edited(edit);
    byte[] json = JSON.writeValueAsBytes(root);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigReader.parse(json));
    assertThat(e).as("a ConfigException for " + root).isNotNull();
    return e.problems();
  }

  @SuppressWarnings("unused")
  private static JsonNode unused() {
    return null;
  }
}
