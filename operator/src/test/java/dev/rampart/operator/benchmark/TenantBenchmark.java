package dev.rampart.operator.benchmark;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.tenant.OperatorAccessModel;
import dev.rampart.operator.model.tenant.TenantNamespaceModel;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import dev.rampart.operator.model.tenant.TenantOwnerBindingModel;
import dev.rampart.operator.model.tenant.TenantQuotaModel;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Measures Tenant reconciliation on the real local control plane, for each size N: the time to
 * create a tenant's objects directly with a plain client (the floor), the time the operator, run as
 * its own JVM, takes until N Tenants are Ready, the writes it made, its writes while idle, and its
 * heap and RSS. A measurement, not a test: missed targets are reported, not failed.
 *
 * <p>Usage: {@code TenantBenchmark [SIZES] [--idle=SECONDS]}, sizes comma-separated (default {@code
 * 100,1000}), idle 60 s by default. Run it with {@code scripts/benchmark-tenants.sh}.
 */
public final class TenantBenchmark {

  /** The operator's default number of reconcile threads; the floor gets the same concurrency. */
  private static final int THREADS = 10;

  private static final double MAX_RATIO = 2.0;
  private static final double MAX_HEAP_MIB = 256;
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  private static final Duration CONVERGENCE_TIMEOUT = Duration.ofMinutes(30);
  private static final double MIB = 1024 * 1024;

  private TenantBenchmark() {}

  public static void main(String[] args) {
    BenchmarkMain.run(args, Options::parse, TenantBenchmark::run);
  }

  private static void run(Options options) throws Exception {
    Path logDir = TestCluster.repoRoot().resolve("operator/target/benchmark");
    Files.createDirectories(logDir);
    // The tests' cluster: Rampart installed as the chart installs it, the operator as the chart's
    // ServiceAccount (it runs in a process of its own here, not in this JVM).
    KubernetesClient client = TestCluster.admin();
    for (int i = 0; i < options.sizes().size(); i++) {
      int size = options.sizes().get(i);
      String run = (i + 1) + "-" + size;
      Path log = logDir.resolve("operator-" + run + ".log");
      print(measure(client, run, size, options.idle(), log));
      if (i < options.sizes().size() - 1) {
        System.out.printf("[%s] deleting its tenants before the next size%n", run);
        deleteTenants(client, names("tenant-" + run, size));
      }
    }
  }

  record Options(List<Integer> sizes, Duration idle) {

    static Options parse(String[] args) {
      String sizes = "100,1000";
      Duration idle = Duration.ofSeconds(60);
      try {
        for (String arg : args) {
          if (arg.startsWith("--idle=")) {
            idle = Duration.ofSeconds(Long.parseLong(arg.substring("--idle=".length())));
          } else {
            sizes = arg;
          }
        }
        List<Integer> parsed =
            Arrays.stream(sizes.split(",")).map(String::trim).map(Integer::valueOf).toList();
        if (parsed.stream().anyMatch(n -> n < 1) || idle.isNegative()) {
          throw new NumberFormatException("sizes must be positive, idle not negative");
        }
        return new Options(parsed, idle);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "usage: TenantBenchmark [SIZES, e.g. 100,1000] [--idle=SECONDS] ("
                + e.getMessage()
                + ")",
            e);
      }
    }
  }

  record Result(
      int tenants,
      Duration floor,
      Duration operator,
      long writes,
      long idleWrites,
      Duration idle,
      double heapMiB,
      double rssMiB,
      Path log) {

    double ratio() {
      return seconds(operator) / seconds(floor);
    }

    double tenantsPerSecond() {
      return tenants / seconds(operator);
    }
  }

  // ---- the cluster ---------------------------------------------------------------------------

  /**
   * Deletes a run's Tenants and waits until the garbage collector and the namespace controller have
   * removed their namespaces, so that the next run's operator caches only its own tenants.
   */
  private static void deleteTenants(KubernetesClient client, List<String> names)
      throws InterruptedException {
    inParallel(names, name -> client.resources(Tenant.class).withName(name).delete());
    BenchmarkOperator.await(
        "the deleted tenants' namespaces to go",
        Duration.ofMinutes(10),
        () ->
            client
                .namespaces()
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_RAMPART)
                .list()
                .getItems()
                .isEmpty());
  }

  // ---- one size ------------------------------------------------------------------------------

  private static Result measure(
      KubernetesClient client, String run, int size, Duration idle, Path log) throws Exception {
    System.out.printf("%n[%s] floor: %d tenants' objects with a plain client%n", run, size);
    Duration floor =
        timed(() -> inParallel(names("floor-" + run, size), name -> floor(client, name)));

    System.out.printf("[%s] operator: starting it, log %s%n", run, log);
    try (BenchmarkOperator operator =
        BenchmarkOperator.start(TestCluster.operatorIdentity(), log, Map.of())) {
      long writesAtStart = operator.writes();
      List<String> names = names("tenant-" + run, size);
      Duration converged = timed(() -> createAndAwaitReady(client, names, operator));
      long writesAtReady = operator.writes();

      System.out.printf("[%s] all Ready; idle for %d s%n", run, idle.toSeconds());
      TimeUnit.MILLISECONDS.sleep(idle.toMillis());
      long idleWrites = operator.writes() - writesAtReady;

      operator.collectGarbage();
      return new Result(
          size,
          floor,
          converged,
          writesAtReady - writesAtStart,
          idleWrites,
          idle,
          operator.heapBytes() / MIB,
          operator.rssBytes() / MIB,
          log);
    }
  }

  static List<String> names(String prefix, int size) {
    return IntStream.rangeClosed(1, size).mapToObj(i -> prefix + "-" + i).toList();
  }

  // ---- the floor -----------------------------------------------------------------------------

  /**
   * Applies directly, in the operator's order, the objects the operator would make for a tenant.
   */
  private static void floor(KubernetesClient client, String name) {
    for (HasMetadata object : floorObjects(name)) {
      client.resource(object).fieldManager("floor").forceConflicts().serverSideApply();
    }
  }

  /** The operator's ServiceAccount, which the operator binds in each tenant namespace. */
  private static OperatorAccessModel.ServiceAccount operatorAccount() {
    Map<String, String> environment = TestCluster.operatorIdentity().environment();
    return new OperatorAccessModel.ServiceAccount(
        environment.get("RAMPART_LEASE_NAMESPACE"), environment.get("RAMPART_SERVICE_ACCOUNT"));
  }

  private static List<HasMetadata> floorObjects(String name) {
    Tenant tenant = Tenants.declaringEverything(name);
    tenant.getMetadata().setUid(UUID.randomUUID().toString());
    List<HasMetadata> objects = new ArrayList<>();
    OperatorAccessModel.ServiceAccount operator = operatorAccount();
    for (String namespace : tenant.namespaceNames()) {
      objects.add(TenantNamespaceModel.desired(tenant, namespace));
      objects.addAll(TenantNetworkPolicyModel.desired(tenant, tenant.namespaceNames(), namespace));
      TenantQuotaModel.quota(tenant, namespace).ifPresent(objects::add);
      TenantQuotaModel.limitRange(tenant, namespace).ifPresent(objects::add);
      objects.add(TenantOwnerBindingModel.desired(tenant, namespace));
      objects.add(OperatorAccessModel.desired(tenant, namespace, operator));
    }
    objects.forEach(TenantBenchmark::detach);
    return objects;
  }

  /**
   * The owner (a Tenant that does not exist) would make the garbage collector delete the object,
   * and Rampart's managed-by label would put it in the operator's caches and skew its heap.
   */
  private static void detach(HasMetadata object) {
    object.getMetadata().setOwnerReferences(List.of());
    Map<String, String> labels = new HashMap<>(object.getMetadata().getLabels());
    labels.put(Labels.MANAGED_BY, "floor");
    object.getMetadata().setLabels(labels);
  }

  // ---- the operator --------------------------------------------------------------------------

  private static void createAndAwaitReady(
      KubernetesClient client, List<String> names, BenchmarkOperator operator)
      throws InterruptedException {
    inParallel(names, name -> client.resource(Tenants.declaringEverything(name)).create());
    Set<String> ours = Set.copyOf(names);
    Instant[] lastProgress = {Instant.now()};
    BenchmarkOperator.await(
        names.size() + " Tenants to be Ready",
        CONVERGENCE_TIMEOUT,
        () -> {
          operator.checkAlive();
          long ready =
              client.resources(Tenant.class).list().getItems().stream()
                  .filter(t -> ours.contains(t.getMetadata().getName()) && Tenants.isReady(t))
                  .count();
          if (Instant.now().isAfter(lastProgress[0].plus(PROGRESS_EVERY))) {
            System.out.printf("  %d/%d Ready%n", ready, names.size());
            lastProgress[0] = Instant.now();
          }
          return ready == names.size();
        });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private interface Action {
    void run() throws Exception;
  }

  private static Duration timed(Action action) throws Exception {
    long start = System.nanoTime();
    action.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Runs the action for every name on {@link #THREADS} threads; rethrows the first failure. */
  static void inParallel(List<String> names, Consumer<String> action) {
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      CompletableFuture.allOf(
              names.stream()
                  .map(name -> CompletableFuture.runAsync(() -> action.accept(name), pool))
                  .toArray(CompletableFuture[]::new))
          .join();
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  // ---- the report ----------------------------------------------------------------------------

  private static void print(Result r) {
    String line = "-".repeat(72);
    System.out.printf("%n%s%n  %d tenants%n%s%n", line, r.tenants(), line);
    row("metric", "value", "target", "");
    row("floor: plain client, " + THREADS + " threads", secs(r.floor()), "", "");
    row("operator: create to all Ready", secs(r.operator()), "", "");
    row(
        "operator / floor",
        "%.2f".formatted(r.ratio()),
        "<= " + MAX_RATIO,
        verdict(r.ratio() <= MAX_RATIO));
    row("tenants/s", "%.1f".formatted(r.tenantsPerSecond()), "", "");
    row("writes to converge", Long.toString(r.writes()), "", "");
    row("writes per tenant", "%.2f".formatted((double) r.writes() / r.tenants()), "", "");
    row(
        "writes during " + r.idle().toSeconds() + " s idle",
        Long.toString(r.idleWrites()),
        "0",
        verdict(r.idleWrites() == 0));
    row(
        "heap after full GC",
        "%.1f MiB".formatted(r.heapMiB()),
        "<= %.0f MiB".formatted(MAX_HEAP_MIB),
        verdict(r.heapMiB() <= MAX_HEAP_MIB));
    row("RSS", "%.1f MiB".formatted(r.rssMiB()), "", "");
    System.out.printf("%s%n  operator log: %s%n", line, r.log());
  }

  private static void row(String metric, String value, String target, String verdict) {
    System.out.printf("  %-32s %12s   %-12s %s%n", metric, value, target, verdict);
  }

  private static String secs(Duration duration) {
    return "%.2f s".formatted(seconds(duration));
  }

  private static String verdict(boolean met) {
    return met ? "PASS" : "MISS";
  }
}
