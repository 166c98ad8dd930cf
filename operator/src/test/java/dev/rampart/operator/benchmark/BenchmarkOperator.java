package dev.rampart.operator.benchmark;

import dev.rampart.localcp.OperatorIdentity;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The operator as its own JVM for the benchmarks, so that its heap and RSS are its own: started
 * from the test classpath, observed through its /metrics, its heap measured after a full GC.
 */
final class BenchmarkOperator implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(500);

  private final Process process;
  private final Path log;
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  private BenchmarkOperator(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.base = "http://127.0.0.1:" + port;
  }

  /**
   * Starts the operator as {@code identity}, without leader election, on a free HTTP port, with
   * {@code environment} added (e.g. RAMPART_VAULT_*), and waits until it is ready. Its output goes
   * to {@code log}.
   */
  static BenchmarkOperator start(
      OperatorIdentity identity, Path log, Map<String, String> environment) throws Exception {
    Path kubeconfig = Files.createTempFile("rampart-benchmark-kubeconfig", ".yaml");
    kubeconfig.toFile().deleteOnExit(); // a credential: leave none behind
    identity.writeKubeconfig(kubeconfig);
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
            javaTool("java"),
            "-Xmx512m",
            // The test classpath also holds logback-test.xml; log as the shipped operator does.
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.rampart.operator.Main");
    builder.environment().putAll(environment);
    builder.environment().putAll(identity.environment());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("RAMPART_LEADER_ELECTION", "false");
    builder.environment().put("RAMPART_HTTP_PORT", Integer.toString(port));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    BenchmarkOperator operator = new BenchmarkOperator(builder.start(), log, port);
    try {
      await("the operator's /readyz", Duration.ofMinutes(2), operator::ready);
    } catch (RuntimeException | InterruptedException e) {
      operator.close();
      throw e;
    }
    return operator;
  }

  private boolean ready() {
    checkAlive();
    try {
      return get("/readyz").statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "the operator exited with " + process.exitValue() + "; see " + log);
    }
  }

  /**
   * The operator's own count of its Kubernetes writes, {@code rampart_kubernetes_writes_total},
   * without what is renewed on a clock: the leader-election Lease (none here: it runs without
   * leader election) and Vault logins' token requests, which store nothing.
   */
  long writes() throws IOException {
    return (long)
        sum(
            metrics(),
            "rampart_kubernetes_writes_total",
            labels ->
                !labels.contains("resource=\"leases\"")
                    && !labels.contains("resource=\"serviceaccounts/token\""));
  }

  /** {@code rampart_keycloak_requests_total} of one method (GET, PUT, POST, DELETE, TOKEN). */
  double keycloakRequests(String method) throws IOException {
    return sum(
        metrics(),
        "rampart_keycloak_requests_total",
        labels -> labels.contains("method=\"" + method + "\""));
  }

  double heapBytes() throws IOException {
    return sum(metrics(), "jvm_memory_used_bytes", labels -> labels.contains("area=\"heap\""));
  }

  /** A full GC first, so that the heap figure is what the operator keeps, not its garbage. */
  void collectGarbage() throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(javaTool("jcmd"), Long.toString(process.pid()), "GC.run")
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes());
    if (jcmd.waitFor() != 0) {
      throw new IllegalStateException("jcmd GC.run failed: " + output);
    }
  }

  double rssBytes() throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
            .filter(line -> line.startsWith("VmRSS:"))
            .map(line -> line.replaceAll("\\D", ""))
            .mapToLong(Long::parseLong)
            .findFirst()
            .orElseThrow()
        * 1024;
  }

  private String metrics() throws IOException {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new IOException("/metrics answered " + response.statusCode());
    }
    return response.body();
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** SIGTERM, as Kubernetes stops it; killed if it does not stop in time. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    http.close();
  }

  /** Sums the samples of one metric, in Prometheus text format, whose labels pass the filter. */
  static double sum(String metrics, String name, Predicate<String> labels) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> labels.test(line.substring(name.length(), line.lastIndexOf(' '))))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Polls {@code done} every 500 ms until it holds; fails after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("gave up after " + timeout + " waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A tool of the JDK running the benchmark, so that the operator runs on the same one. */
  private static String javaTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }
}
