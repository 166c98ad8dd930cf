package dev.rampart.operator.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.localcp.LocalKeycloak;
import dev.rampart.operator.api.auth.Auth;
import dev.rampart.operator.api.auth.SslRequired;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.auth.ClientPolicies;
import dev.rampart.operator.model.auth.TenantRealm;
import dev.rampart.operator.testing.Realms;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Measures Tenants with spec.auth against the real Keycloak: the time until N realms are Ready with
 * the operator in its own JVM, its Admin API requests per realm to converge, its requests per
 * minute while nothing changes (target: reads only), and its heap; and, in the same run, the time
 * to create N realms with the same settings and client policies by plain Admin API calls (the
 * floor, which makes no roles, flow, keys or mappers). A measurement, not a test.
 *
 * <p>Usage: {@code AuthBenchmark [--tenants=N] [--idle=SECONDS]}; run it with {@code
 * scripts/benchmark-auth.sh}.
 */
public final class AuthBenchmark {

  private static final int RESYNC_SECONDS = 30;
  private static final double MIB = 1024 * 1024;

  private AuthBenchmark() {}

  public static void main(String[] args) {
    BenchmarkMain.run(
        args,
        a ->
            BenchmarkMain.numbers(
                a,
                Map.of("tenants", 100L, "idle", 60L),
                "usage: AuthBenchmark [--tenants=N] [--idle=SECONDS]"),
        AuthBenchmark::run);
  }

  private static void run(Map<String, Long> options) throws Exception {
    int tenants = options.get("tenants").intValue();
    Duration idle = Duration.ofSeconds(options.get("idle"));
    KubernetesClient client = TestCluster.admin();
    LocalKeycloak keycloak = TestCluster.keycloak();
    String run = Long.toString(System.currentTimeMillis() % 100_000);

    System.out.printf("floor: %d realms by plain Admin API calls%n", tenants);
    long start = System.nanoTime();
    TenantBenchmark.inParallel(
        TenantBenchmark.names("floor-" + run, tenants), name -> floorRealm(keycloak, name));
    Duration floor = Duration.ofNanos(System.nanoTime() - start);

    Path log = TestCluster.repoRoot().resolve("operator/target/benchmark/operator-auth.log");
    Files.createDirectories(log.getParent());
    Map<String, String> environment =
        Map.of(
            "RAMPART_KEYCLOAK_URL", keycloak.url(),
            "RAMPART_KEYCLOAK_CLIENT_ID", keycloak.operatorClientId(),
            "RAMPART_KEYCLOAK_CLIENT_SECRET", keycloak.operatorClientSecret(),
            "RAMPART_KEYCLOAK_RESYNC_SECONDS", Integer.toString(RESYNC_SECONDS));
    System.out.printf("operator: %d tenants with spec.auth, log %s%n", tenants, log);
    try (BenchmarkOperator operator =
        BenchmarkOperator.start(TestCluster.operatorIdentity(), log, environment)) {
      List<String> names = TenantBenchmark.names("auth-" + run, tenants);
      start = System.nanoTime();
      TenantBenchmark.inParallel(names, name -> client.resource(tenant(name)).create());
      BenchmarkOperator.await(
          "every realm Ready",
          Duration.ofMinutes(30),
          () -> {
            operator.checkAlive();
            return names.stream()
                .allMatch(
                    name -> Realms.isReady(client.resources(Tenant.class).withName(name).get()));
          });
      Duration converged = Duration.ofNanos(System.nanoTime() - start);
      Map<String, Double> toConverge = requests(operator);

      System.out.printf("all Ready; idle for %d s%n", idle.toSeconds());
      TimeUnit.SECONDS.sleep(idle.toSeconds());
      Map<String, Double> afterIdle = requests(operator);
      operator.collectGarbage();
      double heap = operator.heapBytes() / MIB;

      String line = "-".repeat(72);
      System.out.printf("%n%s%n  %d tenants with spec.auth%n%s%n", line, tenants, line);
      row("floor: plain Admin API, 10 threads", secs(floor));
      row("operator: create to all realms Ready", secs(converged));
      row("operator / floor", "%.2f".formatted(seconds(converged) / seconds(floor)));
      for (String method : METHODS) {
        row(
            method + " requests per realm to converge",
            "%.1f".formatted(toConverge.get(method) / tenants));
      }
      double minutes = idle.toSeconds() / 60.0;
      for (String method : METHODS) {
        row(
            method + " per minute while idle",
            "%.1f".formatted((afterIdle.get(method) - toConverge.get(method)) / minutes));
      }
      double idleWrites =
          List.of("PUT", "POST", "DELETE").stream()
              .mapToDouble(m -> afterIdle.get(m) - toConverge.get(m))
              .sum();
      row("writes while idle (target 0)", "%.0f".formatted(idleWrites));
      row("heap after full GC", "%.1f MiB".formatted(heap));
      System.out.println(line);
    }
  }

  private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "TOKEN");

  private static Map<String, Double> requests(BenchmarkOperator operator) throws Exception {
    Map<String, Double> requests = new java.util.TreeMap<>();
    for (String method : METHODS) {
      requests.put(method, operator.keycloakRequests(method));
    }
    return requests;
  }

  private static Tenant tenant(String name) {
    Tenant tenant = Tenants.owned(name, "alice");
    Auth auth = new Auth();
    auth.setSslRequired(SslRequired.EXTERNAL);
    tenant.getSpec().setAuth(auth);
    return tenant;
  }

  /** The realm's settings and client policies, as a script calling the Admin API would set them. */
  private static void floorRealm(LocalKeycloak keycloak, String name) {
    Tenant tenant = tenant(name);
    tenant.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
    ObjectNode settings = TenantRealm.settings(tenant);
    settings.remove("browserFlow");
    String realm = "/" + TenantRealm.name(tenant);
    require(keycloak.admin("POST", "", settings), "creating " + realm);
    require(
        keycloak.admin(
            "PUT", realm + "/client-policies/profiles", ClientPolicies.profiles(Optional.empty())),
        "profiles of " + realm);
    require(
        keycloak.admin("PUT", realm + "/client-policies/policies", ClientPolicies.policies()),
        "policies of " + realm);
  }

  private static void require(LocalKeycloak.Response response, String what) {
    if (!response.ok()) {
      throw new IllegalStateException(what + " answered " + response.status());
    }
  }

  private static void row(String metric, String value) {
    System.out.printf("  %-40s %14s%n", metric, value);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static String secs(Duration duration) {
    return "%.2f s".formatted(seconds(duration));
  }
}
