package dev.rampart.billing.gateway;

import static org.awaitility.Awaitility.await;

import dev.rampart.localcp.Servers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real, pinned opa ({@code scripts/servers.sh build}) serving Rampart's policy from the
 * repository ({@code policies/rego/rampart/authz.rego}) with a test's data, as the tenant's policy
 * decision point does; on a free loopback port, and stopped and started again on that same port.
 */
final class TestOpa implements AutoCloseable {

  /** Rampart's policy, as the operator puts it into every tenant's bundle. */
  static final Path POLICY = Path.of("..", "policies", "rego", "rampart", "authz.rego");

  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  private TestOpa(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /**
   * Serves a bundle of Rampart's policy and {@code data} ({@code data.json}, under {@code
   * rampart}).
   */
  static TestOpa serving(String data) {
    try {
      Path dir = Files.createTempDirectory("billing-gateway-opa-");
      Path bundle = Files.createDirectory(dir.resolve("bundle"));
      Files.copy(POLICY, bundle.resolve("authz.rego"));
      Files.writeString(bundle.resolve("data.json"), data);
      Files.writeString(
          bundle.resolve(".manifest"), "{\"revision\": \"test\", \"roots\": [\"rampart\"]}");
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      TestOpa opa = new TestOpa(dir, port);
      opa.start();
      return opa;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The decision point's base URL, as {@code policy.url} takes it. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts opa and waits until it serves the bundle. */
  void start() {
    try {
      process =
          new ProcessBuilder(
                  Servers.fromCache().opa().toString(),
                  "run",
                  "--server",
                  "--addr=127.0.0.1:" + port,
                  "--log-level=error",
                  "--bundle",
                  dir.resolve("bundle").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("opa.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> process.isAlive() && healthy());
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("opa did not serve the bundle: " + log(), e);
    }
  }

  private boolean healthy() throws IOException, InterruptedException {
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(url() + "/health?bundles"))
            .timeout(Duration.ofSeconds(2))
            .build();
    return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  /** Stops opa; its port refuses connections until {@link #start()}. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("opa.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop();
    http.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
