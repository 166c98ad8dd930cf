package dev.rampart.operator.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.localcp.Servers;
import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.api.tenantrole.RoleTest;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.model.policy.PolicyBundle;
import dev.rampart.operator.model.policy.PolicyData;
import dev.rampart.operator.model.policy.PolicyLibrary;
import dev.rampart.operator.model.policy.TenantRoleCompiler;
import dev.rampart.operator.policy.CedarEngine;
import dev.rampart.operator.policy.OpaEngine;
import dev.rampart.operator.policy.PolicyCheck;
import dev.rampart.operator.testing.PolicyRequests;
import dev.rampart.operator.testing.PolicyRequests.Login;
import dev.rampart.operator.testing.PolicyRequests.Request;
import dev.rampart.operator.testing.PolicyRoles;
import dev.rampart.operator.testing.TenantRoles;
import dev.rampart.operator.testing.TestCluster;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measures the policy library's decisions: latency p50/p99 and decisions/s, one request after
 * another, for Cedar in process and for OPA as a server over HTTP on loopback (as a tenant's
 * decision point will serve them), over requests of the grid of {@link PolicyRequests}; against
 * OPA's own evaluation of the same policy ({@code opa bench}, no HTTP) as the floor. Then the time
 * to compile a tenant with many roles into both halves. A measurement: it prints, and fails only on
 * errors.
 *
 * <p>Usage: {@code PolicyBenchmark [--requests=100000] [--roles=500]}. Run it with {@code
 * scripts/benchmark-policies.sh}.
 */
public final class PolicyBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WARM_UP = 5_000;

  private PolicyBenchmark() {}

  record Options(int requests, int roles) {

    static Options parse(String[] args) {
      String usage = "usage: PolicyBenchmark [--requests=100000] [--roles=500]";
      Map<String, Long> values =
          BenchmarkMain.numbers(args, Map.of("requests", 100_000L, "roles", 500L), usage);
      Options options =
          new Options(
              Math.toIntExact(values.get("requests")), Math.toIntExact(values.get("roles")));
      if (options.requests() < 1 || options.roles() < 1) {
        throw new IllegalArgumentException(usage + " (each must be at least 1)");
      }
      return options;
    }
  }

  public static void main(String[] args) {
    BenchmarkMain.run(args, Options::parse, PolicyBenchmark::run);
  }

  private static void run(Options options) throws Exception {
    List<Request> grid = PolicyRequests.grid(PolicyRoles.ALL);
    System.out.printf(
        "%d requests, one after another, cycling over a grid of %d%n",
        options.requests(), grid.size());

    CedarEngine cedar = PolicyRequests.cedar(PolicyRoles.ALL);
    Latencies cedarLatencies =
        measure(
            options.requests(),
            index -> cedar.allows(PolicyRequests.input(grid.get(index % grid.size()))));

    // Kept after the run, with OPA's log, as the other benchmarks keep theirs.
    Path work =
        Files.createDirectories(
            TestCluster.repoRoot().resolve("operator/target/benchmark/policies"));
    Path data = work.resolve("data.json");
    JSON.writeValue(
        data.toFile(),
        Map.of("rampart", PolicyData.rampart(PolicyRequests.policy(PolicyRoles.ALL))));
    Path policy = PolicyRequests.POLICIES.resolve("rego/rampart/authz.rego");
    Row floor = opaBench(work, policy, data);
    Latencies http = opaOverHttp(work, policy, data, grid, options.requests());

    System.out.println();
    System.out.printf(
        "  %-36s %10s %10s %14s %10s%n", "engine", "p50", "p99", "decisions/s", "p50/floor");
    print(floor, floor);
    print(http.row("OPA server over HTTP, loopback"), floor);
    print(cedarLatencies.row("Cedar in process (cedar-java)"), floor);
    compileAndTest(options.roles());
  }

  /** One engine's figures, latencies in nanoseconds. */
  record Row(String engine, long p50, long p99, double perSecond) {}

  /** Latencies in nanoseconds, and the wall time they took. */
  record Latencies(long[] nanos, Duration total) {

    Row row(String engine) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return new Row(
          engine,
          sorted[(sorted.length - 1) / 2],
          sorted[(int) Math.ceil(0.99 * sorted.length) - 1],
          nanos.length / (total.toNanos() / 1e9));
    }
  }

  interface Decision {
    boolean decide(int index) throws Exception;
  }

  private static Latencies measure(int count, Decision decision) throws Exception {
    for (int i = 0; i < Math.min(WARM_UP, count); i++) {
      decision.decide(i);
    }
    long[] nanos = new long[count];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long before = System.nanoTime();
      decision.decide(i);
      nanos[i] = System.nanoTime() - before;
    }
    return new Latencies(nanos, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * OPA's evaluation of one request that passes every rule (the costliest path), as {@code opa
   * bench} times it in process: its median and 99th percentile stand for a decision without HTTP.
   */
  private static Row opaBench(Path work, Path policy, Path data) throws Exception {
    Request allowed =
        new Request(
            "pii-exporter",
            "export",
            "customer",
            true,
            true,
            "eu-west-1",
            DataClassification.CONFIDENTIAL,
            true,
            Login.OTP_IN_AMR,
            Optional.of("customer:export"));
    Path input = work.resolve("input.json");
    JSON.writeValue(input.toFile(), PolicyRequests.regoInput(allowed));
    Path output = work.resolve("bench.json");
    Process bench =
        new ProcessBuilder(
                opa(),
                "bench",
                "--format=json",
                "--data=" + policy,
                "--data=" + data,
                "--input=" + input,
                "data.rampart.authz.allow")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!bench.waitFor(2, TimeUnit.MINUTES) || bench.exitValue() != 0) {
      throw new IllegalStateException("opa bench failed: " + Files.readString(output));
    }
    JsonNode result = JSON.readTree(output.toFile());
    JsonNode extra = result.path("Extra");
    long median = extra.path("histogram_timer_rego_query_eval_ns_median").asLong();
    long p99 = (long) extra.path("histogram_timer_rego_query_eval_ns_99%").asDouble();
    double perSecond = result.path("N").asLong() / (result.path("T").asLong() / 1e9);
    return new Row("opa bench (evaluation only, floor)", median, p99, perSecond);
  }

  private static Latencies opaOverHttp(
      Path work, Path policy, Path data, List<Request> grid, int count) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process server =
        new ProcessBuilder(
                opa(),
                "run",
                "--server",
                "--addr=127.0.0.1:" + port,
                "--log-level=error",
                policy.toString(),
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("opa.log").toFile())
            .start();
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI base = URI.create("http://127.0.0.1:" + port);
      awaitHealthy(http, base, server);
      List<String> bodies = new ArrayList<>();
      for (Request request : grid) {
        bodies.add(JSON.writeValueAsString(Map.of("input", PolicyRequests.regoInput(request))));
      }
      URI decision = base.resolve("/v1/data/rampart/authz/allow");
      return measure(
          count,
          index -> {
            HttpResponse<String> response =
                http.send(
                    HttpRequest.newBuilder(decision)
                        .POST(
                            HttpRequest.BodyPublishers.ofString(bodies.get(index % bodies.size())))
                        .header("Content-Type", "application/json")
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              throw new IllegalStateException("OPA answered " + response.statusCode());
            }
            return JSON.readTree(response.body()).path("result").asBoolean();
          });
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitHealthy(HttpClient http, URI base, Process server) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline) && server.isAlive()) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("OPA did not become healthy");
  }

  /**
   * Compiles a tenant with {@code count} TenantRoles (the five of {@link TenantRoles}, again and
   * again, their tests naming the copies of their own group) and runs every test in OPA and Cedar,
   * as the operator does before a rollout; Cedar validates the permits too.
   */
  private static void compileAndTest(int count) throws Exception {
    List<TenantRole> roles = new ArrayList<>();
    List<String> names = List.copyOf(TenantRoles.FIVE.keySet());
    for (int i = 0; i < count; i++) {
      String suffix = "-" + i / names.size();
      String name = names.get(i % names.size());
      TenantRole role = TenantRoles.role("acme", name + suffix, TenantRoles.FIVE.get(name));
      for (RoleTest test : role.getSpec().getTests()) {
        if (test.getPrincipal().getRoles() != null) {
          test.getPrincipal()
              .setRoles(test.getPrincipal().getRoles().stream().map(r -> r + suffix).toList());
        }
      }
      roles.add(role);
    }
    TenantRoleCompiler.Tenant tenant =
        new TenantRoleCompiler.Tenant("acme", DataClassification.RESTRICTED, Set.of("acme"));
    PolicyLibrary library = PolicyLibrary.builtIn();
    long start = System.nanoTime();
    TenantRoleCompiler.Compiled compiled = TenantRoleCompiler.compile(tenant, roles);
    PolicyBundle bundle = PolicyBundle.of(library, compiled.policy());
    double compileMillis = (System.nanoTime() - start) / 1e6;
    start = System.nanoTime();
    PolicyCheck.Checked checked =
        new PolicyCheck(library, Optional.of(new OpaEngine(Path.of(opa())))).check(tenant, roles);
    double checkMillis = (System.nanoTime() - start) / 1e6;
    if (!checked.passed()) {
      throw new IllegalStateException(
          "the generated roles do not pass: "
              + checked
                  .engineProblem()
                  .orElse(checked.compiled().invalid() + " " + checked.failures()));
    }
    var validation =
        new CedarEngine(
                bundle.cedarFiles().get(PolicyBundle.CEDAR_POLICIES_FILE),
                bundle.cedarFiles().get(PolicyBundle.CEDAR_SCHEMA_FILE),
                compiled.policy())
            .validate();
    if (!validation.validationPassed()) {
      throw new IllegalStateException("the generated permits do not validate: " + validation);
    }
    System.out.printf(
        "%n  a tenant of %d TenantRoles: compile %.0f ms (Rego data %d KiB, Cedar policies %d"
            + " KiB); compile and run its %d tests in OPA and Cedar %.0f ms%n",
        count,
        compileMillis,
        bundle.opaFiles().get(PolicyBundle.DATA_FILE).length() / 1024,
        bundle.cedarFiles().get(PolicyBundle.CEDAR_POLICIES_FILE).length() / 1024,
        compiled.cases().size(),
        checkMillis);
  }

  private static void print(Row row, Row floor) {
    System.out.printf(
        "  %-36s %7.1f us %7.1f us %14.0f %9.1fx%n",
        row.engine(),
        row.p50() / 1e3,
        row.p99() / 1e3,
        row.perSecond(),
        (double) row.p50() / floor.p50());
  }

  private static String opa() {
    return Servers.fromCache().opa().toString();
  }
}
