package dev.rampart.billing.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.rampart.billing.config.GatewayConfig.Accounts;
import dev.rampart.billing.config.GatewayConfig.Adjustments;
import dev.rampart.billing.config.GatewayConfig.Database;
import dev.rampart.billing.config.GatewayConfig.Forward;
import dev.rampart.billing.config.GatewayConfig.Listen;
import dev.rampart.billing.config.GatewayConfig.Oidc;
import dev.rampart.billing.config.GatewayConfig.Policy;
import dev.rampart.billing.config.GatewayConfig.Posting;
import dev.rampart.billing.config.GatewayConfig.Reconciliation;
import dev.rampart.billing.config.GatewayConfig.SigningSecret;
import dev.rampart.billing.config.GatewayConfig.Webhook;
import dev.rampart.billing.event.EventIdentity;
import dev.rampart.billing.verify.Provider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the configuration file into a {@link GatewayConfig}. Every problem is reported at once, as
 * {@code field.path: what is wrong}; unknown fields are refused so that a typo is not silently
 * ignored.
 */
public final class ConfigReader {

  static final long DEFAULT_TOLERANCE_SECONDS = 300;
  static final long DEFAULT_IDEMPOTENCY_WINDOW_SECONDS = 30L * 24 * 3600;
  static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;
  static final int MAX_MAX_BODY_BYTES = 16 * 1024 * 1024;

  /**
   * Twelve digits: more than a processor accepts for one payment, and so far below {@link
   * Long#MAX_VALUE} that millions of events at the cap still fit in a balance.
   */
  static final long DEFAULT_MAX_AMOUNT_MINOR_UNITS = 999_999_999_999L;

  static final long DEFAULT_POLICY_TIMEOUT_MILLIS = 2000;

  /** Where Keycloak publishes a realm's signing keys, below the realm's issuer URL. */
  static final String KEYCLOAK_JWKS_PATH = "/protocol/openid-connect/certs";

  // Plain http only where nothing lies between the gateway and the issuer; elsewhere a
  // man in the middle could serve keys of its own and sign any token.
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  // What a Kubernetes Secret key may be: the files of a Secret volume.
  private static final Pattern SECRET_FILE = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
  // A Tenant is a Kubernetes object: its name is a DNS subdomain.
  private static final Pattern TENANT =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private ConfigReader() {}

  public static GatewayConfig read(Path file) {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot be read (" + describe(e) + ")"));
    }
    return parse(json);
  }

  public static GatewayConfig parse(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new ConfigException(
          List.of(
              "line %d, column %d: not valid JSON (%s)"
                  .formatted(at.getLineNr(), at.getColumnNr(), e.getOriginalMessage())));
    } catch (IOException e) {
      throw new ConfigException(List.of("not valid JSON (" + describe(e) + ")"));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new ConfigException(List.of("the configuration must be a JSON object"));
    }
    GatewayConfig config = gateway(new Obj(root, "", problems));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static GatewayConfig gateway(Obj root) {
    Listen listen = root.requiredObject("listen").map(ConfigReader::listen).orElse(null);
    Database database = root.requiredObject("database").map(ConfigReader::database).orElse(null);
    Optional<String> adminTokens = root.optional("adminTokensFile", root::secretFile);
    Optional<Policy> policy = root.object("policy").map(ConfigReader::policy);
    Optional<Oidc> oidc = root.object("oidc").map(ConfigReader::oidc);
    List<Obj> items = root.requiredObjects("webhooks", "webhook");
    List<Webhook> webhooks = items.stream().map(ConfigReader::webhook).toList();
    unique(root, items, "name", Webhook::name, webhooks);
    unique(root, items, "path", Webhook::path, webhooks);
    root.done();
    return new GatewayConfig(listen, database, adminTokens, policy, oidc, webhooks);
  }

  private static Oidc oidc(Obj oidc) {
    URI issuer = oidc.secureUrl("issuer");
    if (issuer != null && (issuer.getRawQuery() != null || issuer.getRawFragment() != null)) {
      oidc.problem("issuer", "must be the realm's URL, without query or fragment");
    }
    String audience = oidc.text("audience");
    URI jwksUrl =
        oidc.optional("jwksUrl", oidc::secureUrl)
            .orElse(issuer == null ? null : keycloakJwksUrl(issuer));
    oidc.done();
    return new Oidc(issuer == null ? null : issuer.toString(), audience, jwksUrl);
  }

  private static URI keycloakJwksUrl(URI issuer) {
    return URI.create(issuer.toString().replaceFirst("/+$", "") + KEYCLOAK_JWKS_PATH);
  }

  private static Policy policy(Obj policy) {
    URI url = policy.httpUrl("url");
    if (url != null && (url.getRawQuery() != null || url.getRawFragment() != null)) {
      policy.problem("url", "must be the decision point's base URL, without query or fragment");
    }
    String tenant = policy.text("tenant");
    if (tenant != null && !TENANT.matcher(tenant).matches()) {
      policy.problem(
          "tenant",
          "must be a Tenant's name (lower-case letters, digits, '-' and '.', at most 253)");
    }
    long timeout = policy.number("timeoutMillis", DEFAULT_POLICY_TIMEOUT_MILLIS, 100, 30_000);
    policy.done();
    return new Policy(
        url == null ? null : URI.create(url.toString().replaceFirst("/+$", "")),
        tenant,
        Duration.ofMillis(timeout));
  }

  private static Listen listen(Obj listen) {
    int webhooks = (int) listen.number("webhooks", 0, 65535);
    int admin = (int) listen.number("admin", 0, 65535);
    int management = (int) listen.number("management", 0, 65535);
    if (admin != 0 && admin == webhooks) {
      listen.problem("admin", "must differ from listen.webhooks");
    }
    if (management != 0 && (management == webhooks || management == admin)) {
      listen.problem("management", "must differ from listen.webhooks and listen.admin");
    }
    listen.done();
    return new Listen(webhooks, admin, management);
  }

  private static Database database(Obj database) {
    String url = database.text("url");
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      database.problem("url", "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
    }
    Database result =
        new Database(url, database.secretFile("usernameFile"), database.secretFile("passwordFile"));
    database.done();
    return result;
  }

  private static Webhook webhook(Obj hook) {
    String name = hook.text("name");
    if (name != null && !NAME.matcher(name).matches()) {
      hook.problem("name", "must be a DNS label (lower-case letters, digits and '-', at most 63)");
    }
    String path = hook.text("path");
    if (path != null && !path.startsWith("/")) {
      hook.problem("path", "must start with /");
    } else if (path != null && !PATH.matcher(path).matches()
        || path != null && (path.contains("/./") || path.contains("/../") || path.endsWith("/."))) {
      hook.problem(
          "path", "must be /-separated segments of letters, digits and . _ ~ - (no . or ..)");
    }
    String providerName = hook.text("provider");
    Provider provider = null;
    if (providerName != null) {
      try {
        provider = Provider.fromConfig(providerName);
      } catch (IllegalArgumentException e) {
        hook.problem("provider", "must be stripe or standard-webhooks");
      }
    }
    List<SigningSecret> secrets =
        hook.requiredObjects("signingSecrets", "secret").stream()
            .map(ConfigReader::signingSecret)
            .toList();
    long tolerance =
        hook.number(
            "toleranceSeconds", DEFAULT_TOLERANCE_SECONDS, 1, Duration.ofDays(1).toSeconds());
    long window =
        hook.number(
            "idempotencyWindowSeconds",
            DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
            1,
            Duration.ofDays(3650).toSeconds());
    // A signed event is accepted from tolerance before to tolerance after its timestamp, so a
    // replay can come up to twice the tolerance after the first delivery.
    if (window < 2 * tolerance) {
      hook.problem(
          "idempotencyWindowSeconds",
          "must be at least twice toleranceSeconds (" + 2 * tolerance + ")");
    }
    int maxBody = (int) hook.number("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1, MAX_MAX_BODY_BYTES);
    long maxAmount =
        hook.number("maxAmountMinorUnits", DEFAULT_MAX_AMOUNT_MINOR_UNITS, 1, Long.MAX_VALUE);
    List<Obj> postingItems = hook.objects("postings");
    List<Posting> postings = postingItems.stream().map(ConfigReader::posting).toList();
    unique(hook, postingItems, "eventType", Posting::eventType, postings);
    Webhook result =
        new Webhook(
            name,
            path,
            provider,
            secrets,
            Duration.ofSeconds(tolerance),
            Duration.ofSeconds(window),
            maxBody,
            maxAmount,
            postings,
            hook.object("reconciliation").map(ConfigReader::reconciliation),
            hook.object("forward").map(ConfigReader::forward),
            hook.object("adjustments").map(ConfigReader::adjustments));
    hook.done();
    return result;
  }

  private static SigningSecret signingSecret(Obj secret) {
    SigningSecret result =
        new SigningSecret(
            secret.secretFile("file"),
            secret.optional(
                "validUntil",
                field -> {
                  String text = secret.text(field);
                  if (text == null) {
                    return null;
                  }
                  try {
                    return Instant.parse(text);
                  } catch (DateTimeParseException e) {
                    secret.problem(
                        field, "must be an RFC 3339 instant such as 2026-11-23T12:00:00Z");
                    return null;
                  }
                }));
    secret.done();
    return result;
  }

  private static Posting posting(Obj posting) {
    Posting result =
        new Posting(
            posting.eventType("eventType"),
            posting.pointer("amount"),
            posting.pointer("currency"),
            posting.account("debit"),
            posting.account("credit"));
    differentAccounts(posting, result.debit(), result.credit());
    posting.done();
    return result;
  }

  private static Reconciliation reconciliation(Obj reconciliation) {
    Reconciliation result =
        new Reconciliation(
            reconciliation.eventType("eventType"),
            reconciliation.account("account"),
            reconciliation.pointer("balances"));
    reconciliation.done();
    return result;
  }

  private static Forward forward(Obj forward) {
    Forward result = new Forward(forward.httpUrl("url"), forward.secretFile("secretFile"));
    forward.done();
    return result;
  }

  private static Adjustments adjustments(Obj adjustments) {
    Adjustments result =
        new Adjustments(
            adjustments.number("maxMinorUnits", 1, Long.MAX_VALUE),
            adjustments.requiredObject("credit").map(ConfigReader::accounts).orElse(null),
            adjustments.requiredObject("refund").map(ConfigReader::accounts).orElse(null));
    adjustments.done();
    return result;
  }

  private static Accounts accounts(Obj accounts) {
    Accounts result = new Accounts(accounts.account("debit"), accounts.account("credit"));
    differentAccounts(accounts, result.debit(), result.credit());
    accounts.done();
    return result;
  }

  private static void differentAccounts(Obj at, String debit, String credit) {
    if (debit != null && debit.equals(credit)) {
      at.problem("credit", "must differ from debit");
    }
  }

  /** Reports items of one list whose key repeats an earlier item's. */
  private static <T> void unique(
      Obj parent, List<Obj> items, String field, Function<T, String> key, List<T> values) {
    Map<String, Obj> first = new HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      String value = key.apply(values.get(i));
      if (value == null) {
        continue;
      }
      Obj earlier = first.putIfAbsent(value, items.get(i));
      if (earlier != null) {
        items.get(i).problem(field, "\"" + value + "\" is already used by " + earlier.path);
      }
    }
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName();
  }

  /** A JSON object at a path; collects problems and the fields it was asked for. */
  private static final class Obj {
    private final JsonNode node;
    private final String path;
    private final List<String> problems;
    private final Set<String> read = new LinkedHashSet<>();

    Obj(JsonNode node, String path, List<String> problems) {
      this.node = node;
      this.path = path;
      this.problems = problems;
    }

    String at(String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    void problem(String field, String message) {
      problems.add(at(field) + ": " + message);
    }

    boolean has(String field) {
      return node.hasNonNull(field);
    }

    private JsonNode get(String field) {
      read.add(field);
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : value;
    }

    /** A required value; null after reporting it missing. */
    private JsonNode required(String field) {
      JsonNode value = get(field);
      if (value == null) {
        problem(field, "is required");
      }
      return value;
    }

    <T> Optional<T> optional(String field, Function<String, T> reader) {
      read.add(field);
      return has(field) ? Optional.ofNullable(reader.apply(field)) : Optional.empty();
    }

    String text(String field) {
      JsonNode value = required(field);
      if (value == null) {
        return null;
      }
      if (!value.isTextual() || value.asText().isBlank()) {
        problem(field, "must be a non-empty string");
        return null;
      }
      return value.asText();
    }

    String secretFile(String field) {
      String name = text(field);
      if (name != null
          && (!SECRET_FILE.matcher(name).matches() || name.equals(".") || name.startsWith(".."))) {
        problem(field, "must be a file name in the secrets directory (letters, digits, - _ .)");
        return null;
      }
      return name;
    }

    /** An absolute http or https URL without credentials; null after reporting it. */
    URI httpUrl(String field) {
      String text = text(field);
      if (text == null) {
        return null;
      }
      URI url;
      try {
        url = new URI(text);
      } catch (URISyntaxException e) {
        problem(field, "not a URL (" + e.getReason() + ")");
        return null;
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
          || url.getHost() == null) {
        problem(field, "must be an absolute http or https URL");
        return null;
      }
      if (url.getRawUserInfo() != null) {
        problem(field, "must not carry credentials (the configuration holds no secrets)");
        return null;
      }
      return url;
    }

    /** An {@link #httpUrl} that is https, or http on the loopback; null after reporting it. */
    URI secureUrl(String field) {
      URI url = httpUrl(field);
      if (url != null
          && !"https".equals(url.getScheme())
          && !LOOPBACK.contains(url.getHost().toLowerCase(Locale.ROOT))) {
        problem(field, "must be an https URL (http only on 127.0.0.1, localhost or [::1])");
        return null;
      }
      return url;
    }

    String pointer(String field) {
      String text = text(field);
      if (text == null) {
        return null;
      }
      try {
        if (text.startsWith("/")) {
          JsonPointer.compile(text);
          return text;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      problem(field, "must be a JSON Pointer such as /data/object/amount");
      return null;
    }

    String eventType(String field) {
      String text = text(field);
      if (text != null && !EventIdentity.isValid(text)) {
        problem(
            field, "must be an event type such as charge.succeeded (" + EventIdentity.RULE + ")");
        return null;
      }
      return text;
    }

    String account(String field) {
      String text = text(field);
      if (text != null && !ACCOUNT.matcher(text).matches()) {
        problem(field, "must be an account name such as revenue:sales (letters, digits, _ . : -)");
        return null;
      }
      return text;
    }

    long number(String field, long min, long max) {
      JsonNode value = required(field);
      return value == null ? min : bounded(field, value, min, min, max);
    }

    long number(String field, long fallback, long min, long max) {
      JsonNode value = get(field);
      return value == null ? fallback : bounded(field, value, fallback, min, max);
    }

    private long bounded(String field, JsonNode value, long fallback, long min, long max) {
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        problem(field, "must be a whole number");
        return fallback;
      }
      long number = value.asLong();
      if (number < min || number > max) {
        problem(
            field,
            max == Long.MAX_VALUE
                ? "must be at least " + min
                : "must be between " + min + " and " + max);
        return fallback;
      }
      return number;
    }

    Optional<Obj> object(String field) {
      JsonNode value = get(field);
      if (value == null) {
        return Optional.empty();
      }
      if (!value.isObject()) {
        problem(field, "must be an object");
        return Optional.empty();
      }
      return Optional.of(new Obj(value, at(field), problems));
    }

    Optional<Obj> requiredObject(String field) {
      if (!has(field)) {
        required(field);
      }
      return object(field);
    }

    /** A non-empty array of objects. */
    List<Obj> requiredObjects(String field, String what) {
      if (!has(field)) {
        required(field);
        return List.of();
      }
      List<Obj> items = objects(field);
      if (node.get(field).isArray() && node.get(field).isEmpty()) {
        problem(field, "must list at least one " + what);
      }
      return items;
    }

    List<Obj> objects(String field) {
      JsonNode value = get(field);
      if (value == null) {
        return List.of();
      }
      if (!value.isArray()) {
        problem(field, "must be an array");
        return List.of();
      }
      List<Obj> items = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        String itemPath = at(field) + "[" + i + "]";
        if (value.get(i).isObject()) {
          items.add(new Obj(value.get(i), itemPath, problems));
        } else {
          problems.add(itemPath + ": must be an object");
        }
      }
      return items;
    }

    /** Reports fields nobody asked for. */
    void done() {
      node.fieldNames()
          .forEachRemaining(
              field -> {
                if (!read.contains(field)) {
                  problem(field, "unknown field");
                }
              });
    }
  }
}
