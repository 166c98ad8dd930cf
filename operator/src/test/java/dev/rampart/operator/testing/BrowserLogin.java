package dev.rampart.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Logs in to a Keycloak realm as a browser would: it follows the realm's redirects, fills in the
 * login, OTP and OTP-setup forms it is shown, and stops at the redirect back to the client (no
 * server listens there), whose {@code code} or {@code error} it returns. One instance is one
 * browser: its cookies (the SSO session) persist between logins.
 */
public final class BrowserLogin {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Pages that ask to confirm the profile (a brokered user's first login): accepted as shown. */
  private static final java.util.Set<String> PROFILE_FORMS =
      java.util.Set.of("kc-idp-review-profile-form", "kc-update-profile-form");

  private final String issuer;
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * The browser's cookies, by name. Kept by hand: Keycloak marks its cookies Secure, which a
   * browser still sends to a loopback origin over http but the JDK's CookieManager does not.
   */
  private final Map<String, Cookie> cookies = new LinkedHashMap<>();

  /** A cookie and the path it was set for (each realm's cookies have its own path). */
  private record Cookie(String name, String value, String path) {}

  /** A user; {@code otpSecret} is learnt when the realm has them set up TOTP. */
  public static final class User {
    final String username;
    final String password;
    String otpSecret;

    public User(String username, String password) {
      this.username = username;
      this.password = password;
    }

    public boolean hasOtp() {
      return otpSecret != null;
    }
  }

  /** How the authorization request carries PKCE. */
  public enum Pkce {
    S256,
    PLAIN,
    NONE
  }

  /** Where a login ended: an authorization code, or why not. */
  public record Outcome(Optional<String> code, String verifier, String refusal) {
    public boolean succeeded() {
      return code.isPresent();
    }
  }

  public BrowserLogin(String issuer) {
    this.issuer = issuer;
  }

  /** A PKCE code verifier (RFC 7636: 43 to 128 characters of the unreserved set). */
  public static String verifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Authorization Code login with PKCE as {@code pkce} says, answering what the realm asks. */
  public Outcome login(String clientId, String redirectUri, Pkce pkce, User user) {
    return login(clientId, redirectUri, pkce, user, "openid");
  }

  /** The same, asking for {@code scope} (space-separated, openid among them). */
  public Outcome login(String clientId, String redirectUri, Pkce pkce, User user, String scope) {
    String verifier = verifier();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("scope", scope);
    switch (pkce) {
      case S256 -> {
        params.put("code_challenge", s256(verifier));
        params.put("code_challenge_method", "S256");
      }
      case PLAIN -> {
        params.put("code_challenge", verifier);
        params.put("code_challenge_method", "plain");
      }
      case NONE -> {}
    }
    return authorize(clientId, redirectUri, params, user, verifier);
  }

  /**
   * An authorization request with the given parameters (response_type among them), logging in as
   * {@code user} when a form asks.
   */
  public Outcome authorize(
      String clientId, String redirectUri, Map<String, String> params, User user, String verifier) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("client_id", clientId);
    query.put("redirect_uri", redirectUri);
    query.put("scope", "openid");
    query.put("state", verifier().substring(0, 12));
    query.put("nonce", verifier().substring(0, 12));
    query.putAll(params);
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(issuer + "/protocol/openid-connect/auth?" + form(query)))
                .GET());
    java.util.Set<String> submitted = new java.util.HashSet<>();
    for (int step = 0; step < 12; step++) {
      Optional<String> location = response.headers().firstValue("Location");
      if (location.isPresent()) {
        String target = location.get();
        if (target.startsWith(redirectUri)) {
          Map<String, String> answer = answer(target);
          if (answer.containsKey("code")) {
            return new Outcome(Optional.of(answer.get("code")), verifier, null);
          }
          return new Outcome(
              Optional.empty(),
              verifier,
              answer.getOrDefault("error", "no code")
                  + ": "
                  + answer.getOrDefault("error_description", ""));
        }
        response = send(HttpRequest.newBuilder(URI.create(absolute(target))).GET());
        continue;
      }
      String html = response.body();
      Optional<String> next = nextForm(html, user);
      // The same form again, after it was answered: the answer was refused.
      if (next.isEmpty() || !submitted.add(formId(html))) {
        return new Outcome(Optional.empty(), verifier, message(html));
      }
      response = next.map(action -> submit(action, html, user)).orElseThrow();
    }
    throw new IllegalStateException("the login did not end within 12 steps");
  }

  /** Exchanges a code at the token endpoint; the status and the JSON answer. */
  public Answer exchange(String clientId, String redirectUri, Outcome outcome) {
    return token(
        Map.of(
            "grant_type",
            "authorization_code",
            "code",
            outcome.code().orElseThrow(),
            "redirect_uri",
            redirectUri,
            "client_id",
            clientId,
            "code_verifier",
            outcome.verifier()));
  }

  public Answer refresh(String clientId, String refreshToken) {
    return token(
        Map.of(
            "grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
  }

  /** A confidential client's client-credentials grant, with its secret. */
  public Answer clientCredentials(String clientId, String clientSecret) {
    return token(
        Map.of(
            "grant_type",
            "client_credentials",
            "client_id",
            clientId,
            "client_secret",
            clientSecret));
  }

  /** The resource-owner password grant, which a realm of Rampart refuses. */
  public Answer passwordGrant(String clientId, User user) {
    return token(
        Map.of(
            "grant_type",
            "password",
            "client_id",
            clientId,
            "username",
            user.username,
            "password",
            user.password,
            "scope",
            "openid"));
  }

  /** A token endpoint's answer. */
  public record Answer(int status, JsonNode body) {
    public String accessToken() {
      return body.path("access_token").asText();
    }

    public String refreshToken() {
      return body.path("refresh_token").asText();
    }
  }

  /** The claims of a JWT, unverified (the tests read what the realm put there). */
  public static JsonNode claims(String jwt) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The realm's answer to a confidential client asking whether {@code token} is active. */
  public Answer introspect(String clientId, String clientSecret, String token) {
    return post(
        "token/introspect",
        Map.of("client_id", clientId, "client_secret", clientSecret, "token", token));
  }

  /** The realm's JWKS: the keys that verify its tokens. */
  public JsonNode keys() {
    try {
      return JSON.readTree(
          send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/certs")).GET())
              .body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer token(Map<String, String> form) {
    return post("token", form);
  }

  private Answer post(String endpoint, Map<String, String> form) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/" + endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    try {
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The action of the form to fill in next, if the page is one the user can answer. */
  private static Optional<String> nextForm(String html, User user) {
    Matcher forms = FORM.matcher(html);
    while (forms.find()) {
      String tag = forms.group();
      String id = attribute(tag, "id").orElse("");
      if (id.equals("kc-form-login")
          || id.equals("kc-totp-settings-form")
          || PROFILE_FORMS.contains(id)
          || (id.equals("kc-otp-login-form") && user.hasOtp())) {
        return attribute(tag, "action").map(BrowserLogin::unescape);
      }
    }
    return Optional.empty();
  }

  /** The id of the first form on the page whose id is Keycloak's (kc-...). */
  private static String formId(String html) {
    Matcher forms = FORM.matcher(html);
    while (forms.find()) {
      Optional<String> id = attribute(forms.group(), "id").filter(i -> i.startsWith("kc-"));
      if (id.isPresent()) {
        return id.get();
      }
    }
    return "";
  }

  private HttpResponse<String> submit(String action, String html, User user) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (PROFILE_FORMS.stream().anyMatch(id -> html.contains("id=\"" + id + "\""))) {
      Matcher inputs = INPUT.matcher(html);
      while (inputs.find()) {
        String tag = inputs.group();
        attribute(tag, "name")
            .ifPresent(
                name ->
                    fields.put(
                        name, attribute(tag, "value").map(BrowserLogin::unescape).orElse("")));
      }
    } else if (html.contains("id=\"kc-totp-settings-form\"")) {
      // The setup page carries the new secret in a hidden field; an app would scan its QR code.
      user.otpSecret = inputValue(html, "totpSecret").orElseThrow();
      fields.put("totpSecret", user.otpSecret);
      fields.put("totp", otp(user));
      fields.put("userLabel", "test authenticator");
      inputValue(html, "mode").ifPresent(mode -> fields.put("mode", mode));
    } else if (html.contains("id=\"kc-otp-login-form\"")) {
      fields.put("otp", otp(user));
      inputValue(html, "selectedCredentialId")
          .ifPresent(credential -> fields.put("selectedCredentialId", credential));
    } else {
      fields.put("username", user.username);
      fields.put("password", user.password);
      fields.put("credentialId", "");
    }
    return send(
        HttpRequest.newBuilder(URI.create(absolute(action)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
  }

  private static String otp(User user) {
    return Totp.code(user.otpSecret.getBytes(StandardCharsets.UTF_8), Instant.now());
  }

  /** The error Keycloak shows on the page, or the page's title. */
  private static String message(String html) {
    for (Pattern pattern :
        new Pattern[] {
          Pattern.compile("id=\"input-error[^\"]*\"[^>]*>\\s*([^<]+)"),
          Pattern.compile("class=\"[^\"]*kc-feedback-text[^\"]*\"[^>]*>\\s*([^<]+)"),
          Pattern.compile("id=\"kc-error-message\"[^>]*>\\s*<p[^>]*>\\s*([^<]+)"),
          Pattern.compile("class=\"instruction\"[^>]*>\\s*([^<]+)"),
          Pattern.compile("<title>\\s*([^<]+)")
        }) {
      Matcher m = pattern.matcher(html);
      if (m.find()) {
        return unescape(m.group(1).trim());
      }
    }
    return html.length() > 200 ? html.substring(0, 200) : html;
  }

  private static Optional<String> inputValue(String html, String name) {
    Matcher inputs = INPUT.matcher(html);
    while (inputs.find()) {
      String tag = inputs.group();
      if (attribute(tag, "name").filter(name::equals).isPresent()) {
        return attribute(tag, "value").map(BrowserLogin::unescape);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> attribute(String tag, String name) {
    Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String unescape(String text) {
    return text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
  }

  /** The parameters of the redirect back to the client, from its query or fragment. */
  private static Map<String, String> answer(String location) {
    URI uri = URI.create(location);
    String raw = uri.getRawQuery() != null ? uri.getRawQuery() : uri.getRawFragment();
    Map<String, String> answer = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          answer.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return answer;
  }

  private String absolute(String target) {
    return target.startsWith("http") ? target : URI.create(issuer).resolve(target).toString();
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private void remember(String header, String requestPath) {
    String[] parts = header.split(";");
    int eq = parts[0].indexOf('=');
    String name = parts[0].substring(0, eq).trim();
    String value = parts[0].substring(eq + 1).trim();
    String path = "/";
    boolean expired = value.isEmpty();
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
      if (attribute.startsWith("path=")) {
        path = parts[i].trim().substring("path=".length());
      }
      expired |= attribute.equals("max-age=0");
    }
    String key = path + " " + name;
    if (expired) {
      cookies.remove(key);
    } else {
      cookies.put(key, new Cookie(name, value, path));
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
    String path = built.uri().getPath();
    String sent =
        cookies.values().stream()
            .filter(c -> path.startsWith(c.path()))
            .map(c -> c.name() + "=" + c.value())
            .collect(Collectors.joining("; "));
    if (!sent.isEmpty()) {
      built = HttpRequest.newBuilder(built, (name, value) -> true).header("Cookie", sent).build();
    }
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      for (String header : response.headers().allValues("set-cookie")) {
        remember(header, path);
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
