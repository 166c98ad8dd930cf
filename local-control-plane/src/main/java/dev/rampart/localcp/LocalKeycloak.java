package dev.rampart.localcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keycloak in dev mode on loopback, with its H2 database in a directory of its own, so that
 * {@link #stop()} and {@link #start()} (an outage) keep every realm, user and client.
 *
 * <p>No admin password exists: Keycloak is bootstrapped with a temporary admin service client (for
 * tests that play a human administrator), which then makes Rampart's client {@code
 * rampart-operator} in the master realm, allowed the client-credentials grant only and holding the
 * master realm role {@code create-realm} alone. Keycloak makes the creator of a realm its
 * administrator, so that is all Rampart needs, and it can administer no realm it did not make.
 *
 * <p>The distribution comes from {@code scripts/servers.sh build}; see {@link
 * Servers#keycloakHome()}.
 */
public final class LocalKeycloak implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalKeycloak.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String OPERATOR_CLIENT = "rampart-operator";
  private static final String ADMIN_CLIENT = "rampart-bootstrap-admin";

  private final Path home;
  private final String features;
  private final Path workDir;
  private final int port;
  private final String adminSecret = newSecret();
  private final String operatorSecret = newSecret();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;

  private LocalKeycloak(Path home, String features, Path workDir, int port) {
    this.home = home;
    this.features = features;
    this.workDir = workDir;
    this.port = port;
  }

  /** Starts Keycloak on a free loopback port and makes Rampart's client. */
  public static LocalKeycloak start(Servers servers, Path workDir) {
    // The free port is only free when asked: another process may bind it before Keycloak does,
    // and Keycloak then exits. A fresh port and an empty directory for each attempt.
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      LocalKeycloak keycloak;
      try {
        keycloak =
            new LocalKeycloak(
                servers.keycloakHome(), servers.keycloakFeatures(), workDir, freePort());
      } catch (IOException e) {
        throw new UncheckedIOException("could not start Keycloak", e);
      }
      try {
        keycloak.start();
        keycloak.createOperatorClient();
        log.info("local Keycloak ready at {}", keycloak.url());
        return keycloak;
      } catch (ExitedEarly e) {
        log.warn("Keycloak did not start (attempt {}): {}", attempt + 1, e.getMessage());
        failure = e;
        keycloak.close();
      } catch (RuntimeException e) {
        keycloak.close();
        throw e;
      }
    }
    throw failure;
  }

  private static final int START_ATTEMPTS = 3;

  /** Keycloak's process ended before it served; the message ends with its log's last lines. */
  static final class ExitedEarly extends IllegalStateException {
    ExitedEarly(String message) {
      super(message);
    }
  }

  public static LocalKeycloak start(Path workDir) {
    return start(Servers.fromCache(), workDir);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String operatorClientId() {
    return OPERATOR_CLIENT;
  }

  public String operatorClientSecret() {
    return operatorSecret;
  }

  /** The bootstrap admin client of the master realm: a human administrator, for tests. */
  public String adminClientId() {
    return ADMIN_CLIENT;
  }

  public String adminClientSecret() {
    return adminSecret;
  }

  /** Starts the server (again, on the same port and data), and waits until it serves. */
  public synchronized void start() {
    if (process != null) {
      return;
    }
    try {
      Files.createDirectories(workDir.resolve("db"));
      // The features scripts/servers.sh built the distribution with, and runtime options: a
      // build-time one (health, metrics, other features) that differs from that build would make
      // start-dev rebuild it in the shared cache, under every other instance running from it.
      ProcessBuilder builder =
          new ProcessBuilder(
                  home.resolve("bin/kc.sh").toString(),
                  "start-dev",
                  "--features=" + features,
                  "--http-host=127.0.0.1",
                  "--http-port=" + port,
                  "--db-url=jdbc:h2:file:" + workDir.resolve("db/keycloak") + ";NON_KEYWORDS=VALUE",
                  "-Dquarkus.transaction-manager.object-store.directory="
                      + workDir.resolve("transaction-logs"),
                  "--log-level=warn")
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(workDir.resolve("keycloak.log").toFile()));
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_"));
      env.put("JAVA_HOME", System.getProperty("java.home"));
      // Without it Keycloak's worker threads fail at shutdown on JDK 24 and later.
      env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
      // Honoured on the first start only, when the master realm has no admin yet.
      env.put("KC_BOOTSTRAP_ADMIN_CLIENT_ID", ADMIN_CLIENT);
      env.put("KC_BOOTSTRAP_ADMIN_CLIENT_SECRET", adminSecret);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + home, e);
    }
    awaitServing();
  }

  /** Stops the server, as an outage would; {@link #start()} brings it back with all its data. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    ProcessHandle handle = process.toHandle();
    Stream<ProcessHandle> children = handle.descendants();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    process = null;
  }

  /** A token of the bootstrap admin client. */
  public String adminToken() {
    return token(ADMIN_CLIENT, adminSecret);
  }

  /** A client-credentials token of a master-realm client. */
  public String token(String clientId, String secret) {
    JsonNode answer =
        send(
            HttpRequest.newBuilder(
                    URI.create(url() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id="
                            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                            + "&client_secret="
                            + URLEncoder.encode(secret, StandardCharsets.UTF_8))),
            "a token for " + clientId);
    return answer.path("access_token").asText();
  }

  /**
   * Calls the Admin REST API at {@code /admin/realms/<path>} as the bootstrap admin; the status and
   * the parsed answer.
   */
  public Response admin(String method, String path, Object body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url() + "/admin/realms" + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + adminToken())
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json =
          response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
      return new Response(response.statusCode(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A status and the parsed JSON answer, which carries no credential. */
  public record Response(int status, JsonNode body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private void createOperatorClient() {
    Response created =
        admin(
            "POST",
            "/master/clients",
            Map.of(
                "clientId", OPERATOR_CLIENT,
                "description", "Rampart: creates and administers tenants' realms",
                "publicClient", false,
                "secret", operatorSecret,
                "serviceAccountsEnabled", true,
                "standardFlowEnabled", false,
                "implicitFlowEnabled", false,
                "directAccessGrantsEnabled", false));
    require(created, "creating " + OPERATOR_CLIENT);
    String id =
        admin("GET", "/master/clients?clientId=" + OPERATOR_CLIENT, null)
            .body()
            .get(0)
            .path("id")
            .asText();
    String user =
        admin("GET", "/master/clients/" + id + "/service-account-user", null)
            .body()
            .path("id")
            .asText();
    JsonNode createRealm = admin("GET", "/master/roles/create-realm", null).body();
    require(
        admin("POST", "/master/users/" + user + "/role-mappings/realm", new Object[] {createRealm}),
        "granting create-realm to " + OPERATOR_CLIENT);
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(workDir.resolve("keycloak.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void require(Response response, String what) {
    if (!response.ok()) {
      throw new IllegalStateException(what + " answered " + response.status());
    }
  }

  private void awaitServing() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    // The master realm answers once the server serves (the health endpoints are build-time).
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(url() + "/realms/master"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new ExitedEarly(
            "Keycloak exited with " + process.exitValue() + "; its log ends:\n" + logTail());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(Duration.ofMillis(500));
    }
    throw new IllegalStateException(
        "Keycloak did not become ready in "
            + STARTUP_TIMEOUT
            + "; see "
            + workDir.resolve("keycloak.log"));
  }

  private JsonNode send(HttpRequest.Builder request, String what) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(what + " answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(what + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", workDir, e.getMessage());
    }
  }

  private static String newSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
