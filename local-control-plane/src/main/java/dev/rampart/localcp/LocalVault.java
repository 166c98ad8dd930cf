package dev.rampart.localcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OpenBao (Vault-compatible) server in dev mode on loopback: in-memory, unsealed, with a
 * random root token, and with the secrets engines Rampart uses mounted: KV v2 at {@code secret/},
 * {@code transit/} and {@code database/}.
 *
 * <p>Dev mode keeps all state in memory: {@link #pause()} followed by {@link #resume()} gives a
 * server on the same address with the same root token and the same engines, but every policy,
 * secret, auth method and its configuration written before is gone.
 *
 * <p>The binary comes from {@code scripts/servers.sh build}; see {@link Servers#bao()}.
 */
public final class LocalVault implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalVault.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path bao;
  private final Path workDir;
  private final int port;
  private final String rootToken;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;

  private LocalVault(Path bao, Path workDir, int port, String rootToken) {
    this.bao = bao;
    this.workDir = workDir;
    this.port = port;
    this.rootToken = rootToken;
  }

  /** Starts a dev server on a free loopback port and waits until it is unsealed and serving. */
  public static LocalVault start(Servers servers) {
    LocalVault vault;
    try {
      vault =
          new LocalVault(
              servers.bao(), Files.createTempDirectory("rampart-vault-"), freePort(), newToken());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start OpenBao", e);
    }
    try {
      vault.resume();
    } catch (RuntimeException e) {
      vault.close(); // no orphaned server or temp dir when startup fails halfway
      throw e;
    }
    log.info("local OpenBao ready at {}", vault.address());
    return vault;
  }

  public String address() {
    return "http://127.0.0.1:" + port;
  }

  public String rootToken() {
    return rootToken;
  }

  /**
   * Calls the HTTP API at {@code /v1/<path>} as {@code token} (none if null), with {@code body}
   * (none if null) serialized as JSON.
   */
  public Response request(String method, String path, String token, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(address() + "/v1/" + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, bodyOf(body));
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json =
          response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
      return new Response(response.statusCode(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }

  /** {@link #request} as root, failing unless the answer is a success. */
  public Response asRoot(String method, String path, Object body) {
    Response response = request(method, path, rootToken, body);
    if (!response.ok()) {
      throw new IllegalStateException(method + " " + path + " answered " + response);
    }
    return response;
  }

  /**
   * Enables the {@code kubernetes} auth method at {@code auth/kubernetes}, validating service
   * account tokens with TokenReviews sent to {@code apiServerUrl} as {@code tokenReviewerJwt}
   * (which needs {@code system:auth-delegator}).
   */
  public void configureKubernetesAuth(
      String apiServerUrl, String caCertPem, String tokenReviewerJwt) {
    asRoot("POST", "sys/auth/kubernetes", Map.of("type", "kubernetes"));
    asRoot(
        "POST",
        "auth/kubernetes/config",
        Map.of(
            "kubernetes_host",
            apiServerUrl,
            "kubernetes_ca_cert",
            caCertPem,
            "token_reviewer_jwt",
            tokenReviewerJwt,
            // The TokenReview checks the issuer already; Vault's own check only duplicates it.
            "disable_iss_validation",
            true,
            // Not in a pod: there is no local service account token or CA to fall back to.
            "disable_local_ca_jwt",
            true));
  }

  /** Stops the server, as an outage would; {@link #resume()} brings up an empty one. */
  public void pause() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  /**
   * Starts the server again on the same port with the same root token and engines; all other state
   * is lost (dev mode is in memory).
   */
  public void resume() {
    if (process != null) {
      return;
    }
    try {
      process = launch();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + bao, e);
    }
    awaitUnsealed();
    enableEngines();
  }

  private Process launch() throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            bao.toString(),
            "server",
            "-dev",
            "-dev-listen-address=127.0.0.1:" + port,
            "-dev-no-store-token",
            "-log-level=warn");
    Map<String, String> env = builder.environment();
    // Settings of a bao or vault CLI the user has configured must not leak in.
    env.keySet().removeIf(name -> name.startsWith("BAO_") || name.startsWith("VAULT_"));
    env.put("HOME", workDir.toString());
    // From the environment rather than -dev-root-token-id, so it does not show in the process list.
    env.put("BAO_DEV_ROOT_TOKEN_ID", rootToken);
    env.put("BAO_API_ADDR", address());
    // stdout only carries the dev banner, which prints the root token and unseal key; the log
    // goes to stderr.
    return builder
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
        .start();
  }

  private void awaitUnsealed() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (!unsealed()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("bao exited; see " + logFile());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("OpenBao was not unsealed within " + STARTUP_TIMEOUT);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for OpenBao", e);
      }
    }
  }

  private boolean unsealed() {
    try {
      JsonNode health = request("GET", "sys/health", null, null).body();
      return health.path("initialized").asBoolean() && !health.path("sealed").asBoolean(true);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof ConnectException) {
        return false; // not listening yet
      }
      throw e;
    }
  }

  /** Dev mode mounts KV v2 at secret/ itself; transit/ and database/ are added here. */
  private void enableEngines() {
    JsonNode secretMount = asRoot("GET", "sys/mounts", null).body().path("data").path("secret/");
    if (!"kv".equals(secretMount.path("type").asText())
        || !"2".equals(secretMount.path("options").path("version").asText())) {
      throw new IllegalStateException("dev mode did not mount KV v2 at secret/: " + secretMount);
    }
    for (String engine : List.of("transit", "database")) {
      asRoot("POST", "sys/mounts/" + engine, Map.of("type", engine));
    }
  }

  private Path logFile() {
    return workDir.resolve("bao.log");
  }

  @Override
  public void close() {
    pause();
    try (var paths = Files.walk(workDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not remove {}: {}", workDir, e.getMessage());
    }
  }

  private static HttpRequest.BodyPublisher bodyOf(Object body) {
    if (body == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return "root-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * A status and the parsed JSON answer ({@link MissingNode} when there is none). Its {@code
   * toString} shows only the status and Vault's error messages, never tokens or secret values.
   */
  public record Response(int status, JsonNode body) {

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The {@code errors} Vault gives for a failed request, empty on success. */
    public List<String> errors() {
      return StreamSupport.stream(body.path("errors").spliterator(), false)
          .map(JsonNode::asText)
          .toList();
    }

    @Override
    public String toString() {
      return "HTTP " + status + (errors().isEmpty() ? "" : " " + errors());
    }
  }
}
