package dev.rampart.operator.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rampart.localcp.LocalVault;
import dev.rampart.operator.api.vaultsecret.Destination;
import dev.rampart.operator.api.vaultsecret.KvSource;
import dev.rampart.operator.api.vaultsecret.Source;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretSpec;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import dev.rampart.operator.testing.TestVault;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Measures VaultSecrets at scale on the real local control plane and a real OpenBao, with the
 * operator as its own JVM: N VaultSecrets (each its own KV entry) over T tenants, refreshing every
 * R seconds. In steady state, Vault requests/s (exactly, counted by a proxy in front of OpenBao)
 * and the operator's Kubernetes writes (target 0); then the latency from a write in Vault to the
 * destination Secret holding the new value, for C entries changed at random moments over one
 * refresh interval (target p99 &lt;= R + 2 s); then the operator's heap after a full GC and its
 * RSS. A measurement, not a test: missed targets are reported, not failed.
 *
 * <p>Usage: {@code VaultSecretBenchmark [--secrets=1000] [--tenants=10] [--refresh=30]
 * [--measure=90] [--changes=100] [--seed=N]}; a quick check: {@code --secrets=50 --measure=35
 * --changes=10}. Run it with {@code scripts/benchmark-vaultsecrets.sh}.
 */
public final class VaultSecretBenchmark {

  /** Parallel clients for setting up KV entries and VaultSecrets. */
  private static final int THREADS = 10;

  private static final Duration LATENCY_SLACK = Duration.ofSeconds(2);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  private static final Duration CONVERGENCE_TIMEOUT = Duration.ofMinutes(30);
  private static final String OPERATOR_ROLE = "rampart";
  private static final String KEY = "value";
  private static final double MIB = 1024 * 1024;

  private VaultSecretBenchmark() {}

  public static void main(String[] args) {
    BenchmarkMain.run(args, Options::parse, options -> print(run(options)));
  }

  record Options(
      int secrets, int tenants, Duration refresh, Duration measure, int changes, long seed) {

    static Options parse(String[] args) {
      String usage =
          "usage: VaultSecretBenchmark [--secrets=1000] [--tenants=10] [--refresh=SECONDS (30)]"
              + " [--measure=SECONDS (90)] [--changes=100] [--seed=N]";
      Map<String, Long> values =
          BenchmarkMain.numbers(
              args,
              Map.of(
                  "secrets", 1000L,
                  "tenants", 10L,
                  "refresh", 30L,
                  "measure", 90L,
                  "changes", 100L,
                  "seed", System.nanoTime()),
              usage);
      Options options =
          new Options(
              Math.toIntExact(values.get("secrets")),
              Math.toIntExact(values.get("tenants")),
              Duration.ofSeconds(values.get("refresh")),
              Duration.ofSeconds(values.get("measure")),
              Math.toIntExact(values.get("changes")),
              values.get("seed"));
      if (options.secrets() < 1
          || options.tenants() < 1
          || options.tenants() > options.secrets()
          || options.refresh().toSeconds() < 5
          || options.measure().toSeconds() < 1
          || options.changes() < 0
          || options.changes() > options.secrets()) {
        throw new IllegalArgumentException(
            usage
                + " (need 1 <= tenants <= secrets, refresh >= 5, measure >= 1, 0 <= changes <="
                + " secrets)");
      }
      return options;
    }
  }

  record Result(
      Options options,
      Duration toSynced,
      VaultRequests steadyRequests,
      long steadyWrites,
      List<Duration> latencies,
      double heapMiB,
      double rssMiB,
      Path log) {

    Duration latencyTarget() {
      return options.refresh().plus(LATENCY_SLACK);
    }

    /** Nearest rank; a change that never arrived counts as infinitely late. */
    Duration percentile(double p) {
      if (options.changes() == 0) {
        return Duration.ZERO;
      }
      int rank = (int) Math.ceil(p * options.changes());
      return rank <= latencies.size() ? latencies.get(rank - 1) : null;
    }
  }

  /** The operator's requests to Vault, by kind. */
  record VaultRequests(long kvReads, long logins, long other) {

    long total() {
      return kvReads + logins + other;
    }

    VaultRequests minus(VaultRequests earlier) {
      return new VaultRequests(
          kvReads - earlier.kvReads, logins - earlier.logins, other - earlier.other);
    }
  }

  // ---- the run -------------------------------------------------------------------------------

  private static Result run(Options options) throws Exception {
    Path dir = TestCluster.repoRoot().resolve("operator/target/benchmark");
    Files.createDirectories(dir);
    Path log = dir.resolve("operator-vaultsecrets.log");
    System.out.printf(
        "%s (seed %d)%nstarting the control plane and OpenBao%n", options, options.seed());

    // The control plane with Rampart installed as the chart installs it, and OpenBao set up as an
    // administrator would (kubernetes auth, Rampart's policy and role): the tests' own set-up,
    // without their in-process operator.
    KubernetesClient client = TestCluster.admin();
    LocalVault vault = TestCluster.vault();
    Path jwt = Files.createTempFile("rampart-benchmark-jwt", ".token");
    jwt.toFile().deleteOnExit(); // a credential: leave none behind
    Files.writeString(jwt, TestVault.jwt(TestCluster.OPERATOR_NAMESPACE, OPERATOR_ROLE, List.of()));

    System.out.printf("starting the operator, log %s%n", log);
    try (VaultProxy proxy = VaultProxy.start(vault.address());
        BenchmarkOperator operator =
            BenchmarkOperator.start(
                TestCluster.operatorIdentity(),
                log,
                Map.of(
                    "RAMPART_VAULT_ADDR",
                    proxy.address(),
                    "RAMPART_VAULT_JWT_FILE",
                    jwt.toString()))) {
      List<String> tenants =
          IntStream.rangeClosed(1, options.tenants()).mapToObj(i -> "vsb-" + i).toList();
      createTenants(client, tenants, operator);

      System.out.printf("creating %d KV entries and VaultSecrets%n", options.secrets());
      long start = System.nanoTime();
      inParallel(
          options.secrets(),
          i -> {
            String tenant = tenant(tenants, i);
            writeKv(vault, tenant, i, "v0-" + i);
            createVaultSecret(client, tenant, i, options.refresh());
          });
      awaitSynced(client, options.secrets(), operator);
      Duration toSynced = Duration.ofNanos(System.nanoTime() - start);

      System.out.printf(
          "all Synced after %.1f s; steady state for %d s%n",
          toSynced.toNanos() / 1e9, options.measure().toSeconds());
      long writesBefore = operator.writes();
      VaultRequests requestsBefore = proxy.requests();
      TimeUnit.MILLISECONDS.sleep(options.measure().toMillis());
      VaultRequests steadyRequests = proxy.requests().minus(requestsBefore);
      long steadyWrites = operator.writes() - writesBefore;
      operator.checkAlive();

      List<Duration> latencies = changeLatencies(client, vault, tenants, options);

      operator.collectGarbage();
      return new Result(
          options,
          toSynced,
          steadyRequests,
          steadyWrites,
          latencies,
          operator.heapBytes() / MIB,
          operator.rssBytes() / MIB,
          log);
    }
  }

  /** Secret {@code i} belongs to tenant {@code i mod T}, in the tenant's own namespace. */
  private static String tenant(List<String> tenants, int i) {
    return tenants.get(i % tenants.size());
  }

  private static String name(int i) {
    return "s-" + i;
  }

  private static void createTenants(
      KubernetesClient client, List<String> tenants, BenchmarkOperator operator)
      throws InterruptedException {
    System.out.printf("creating %d tenants%n", tenants.size());
    tenants.forEach(name -> client.resource(Tenants.owned(name, "alice")).create());
    Set<String> ours = Set.copyOf(tenants);
    BenchmarkOperator.await(
        tenants.size() + " Tenants to be Ready with Vault",
        Duration.ofMinutes(5),
        () -> {
          operator.checkAlive();
          return client
                  .resources(dev.rampart.operator.api.tenant.Tenant.class)
                  .list()
                  .getItems()
                  .stream()
                  .filter(t -> ours.contains(t.getMetadata().getName()))
                  .filter(Tenants::isVaultReady)
                  .count()
              == tenants.size();
        });
  }

  private static void writeKv(LocalVault vault, String tenant, int i, String value) {
    vault.asRoot(
        "POST",
        "secret/data/tenants/" + tenant + "/" + name(i),
        Map.of("data", Map.of(KEY, value)));
  }

  private static void createVaultSecret(
      KubernetesClient client, String tenant, int i, Duration refresh) {
    VaultSecret vs = new VaultSecret();
    vs.setMetadata(new ObjectMetaBuilder().withNamespace(tenant).withName(name(i)).build());
    VaultSecretSpec spec = new VaultSecretSpec();
    spec.setSource(new Source(new KvSource(name(i), null)));
    spec.setDestination(new Destination(name(i)));
    spec.setRefreshInterval(refresh.toSeconds() + "s");
    vs.setSpec(spec);
    client.resource(vs).create();
  }

  private static void awaitSynced(KubernetesClient client, int count, BenchmarkOperator operator)
      throws InterruptedException {
    Instant[] lastProgress = {Instant.now()};
    BenchmarkOperator.await(
        count + " VaultSecrets to be Synced",
        CONVERGENCE_TIMEOUT,
        () -> {
          operator.checkAlive();
          long synced =
              client.resources(VaultSecret.class).inAnyNamespace().list().getItems().stream()
                  .filter(VaultSecretBenchmark::synced)
                  .count();
          if (Instant.now().isAfter(lastProgress[0].plus(PROGRESS_EVERY))) {
            System.out.printf("  %d/%d Synced%n", synced, count);
            lastProgress[0] = Instant.now();
          }
          return synced == count;
        });
  }

  private static boolean synced(VaultSecret vs) {
    return vs.getStatus() != null
        && vs.getMetadata().getGeneration().equals(vs.getStatus().getObservedGeneration())
        && vs.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    Conditions.READY.equals(c.getType())
                        && "True".equals(c.getStatus())
                        && "Synced".equals(c.getReason()));
  }

  // ---- Vault requests ------------------------------------------------------------------------

  /**
   * A counting HTTP proxy between the operator and OpenBao. OpenBao refuses to enable an audit
   * device through its API ("use declarative, config-based audit device management"), and the local
   * dev server runs without a config file, so the operator's requests are counted here: each one
   * exactly once, by path.
   */
  private static final class VaultProxy implements AutoCloseable {

    /** Headers the JDK client sets itself, and hop-by-hop headers. */
    private static final Set<String> SKIPPED =
        Set.of(
            "host",
            "content-length",
            "connection",
            "expect",
            "upgrade",
            "transfer-encoding",
            "http2-settings",
            "keep-alive");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient upstream =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private final AtomicLong kvReads = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong other = new AtomicLong();

    private VaultProxy(String target) throws IOException {
      this.target = target;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::forward);
      server.setExecutor(threads);
      server.start();
    }

    static VaultProxy start(String target) throws IOException {
      return new VaultProxy(target);
    }

    String address() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    VaultRequests requests() {
      return new VaultRequests(kvReads.get(), logins.get(), other.get());
    }

    private void forward(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith("/v1/secret/data/")) {
          kvReads.incrementAndGet();
        } else if (path.startsWith("/v1/auth/") && path.endsWith("/login")) {
          logins.incrementAndGet();
        } else {
          other.incrementAndGet();
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                .method(
                    exchange.getRequestMethod(),
                    body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange
            .getRequestHeaders()
            .forEach(
                (name, values) -> {
                  if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                  }
                });
        HttpResponse<byte[]> response;
        try {
          response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          exchange.sendResponseHeaders(502, -1);
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          exchange.sendResponseHeaders(502, -1);
          return;
        }
        response
            .headers()
            .map()
            .forEach(
                (name, values) -> {
                  if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                  }
                });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(
            response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
          exchange.getResponseBody().write(answer);
        }
      }
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
      upstream.close();
    }
  }

  // ---- latency -------------------------------------------------------------------------------

  /**
   * Writes a new value to {@code changes} random entries, each at a random moment within one
   * refresh interval, and returns, sorted, the time from just before each Vault write until an
   * informer on the destination Secrets saw the new value. Changes not seen within two refresh
   * intervals after the last write are missing from the list.
   */
  private static List<Duration> changeLatencies(
      KubernetesClient client, LocalVault vault, List<String> tenants, Options options)
      throws InterruptedException {
    if (options.changes() == 0) {
      return List.of();
    }
    Random random = new Random(options.seed());
    List<Integer> chosen = new ArrayList<>(IntStream.range(0, options.secrets()).boxed().toList());
    Collections.shuffle(chosen, random);
    chosen = chosen.subList(0, options.changes());

    /** namespace/name to the expected value and the nanoTime of the Vault write. */
    record Pending(String value, long writtenAt) {}
    Map<String, Pending> pending = new ConcurrentHashMap<>();
    List<Duration> latencies = Collections.synchronizedList(new ArrayList<>());
    ResourceEventHandler<Secret> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Secret secret) {
            check(secret);
          }

          @Override
          public void onUpdate(Secret old, Secret secret) {
            check(secret);
          }

          @Override
          public void onDelete(Secret secret, boolean unknownFinalState) {}

          private void check(Secret secret) {
            long now = System.nanoTime();
            String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
            Pending expected = pending.get(key);
            if (expected != null
                && secret.getData() != null
                && secret.getData().get(KEY) != null
                && expected
                    .value()
                    .equals(
                        new String(
                            Base64.getDecoder().decode(secret.getData().get(KEY)),
                            StandardCharsets.UTF_8))
                && pending.remove(key, expected)) {
              latencies.add(Duration.ofNanos(now - expected.writtenAt()));
            }
          }
        };

    System.out.printf(
        "changing %d entries in Vault over %d s%n",
        options.changes(), options.refresh().toSeconds());
    try (SharedIndexInformer<Secret> informer =
            client
                .secrets()
                .inAnyNamespace()
                .withLabel("app.kubernetes.io/managed-by", "rampart")
                .inform(handler);
        ScheduledExecutorService writers = Executors.newScheduledThreadPool(4)) {
      informer.hasSynced(); // inform() returns once the initial list is in the cache
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int i : chosen) {
        long delay = (long) (random.nextDouble() * options.refresh().toMillis());
        CompletableFuture<Void> write = new CompletableFuture<>();
        writes.add(write);
        writers.schedule(
            () -> {
              try {
                String tenant = tenant(tenants, i);
                String value = "v1-" + i + "-" + random.nextLong();
                pending.put(tenant + "/" + name(i), new Pending(value, System.nanoTime()));
                writeKv(vault, tenant, i, value);
                write.complete(null);
              } catch (RuntimeException e) {
                write.completeExceptionally(e);
              }
            },
            delay,
            TimeUnit.MILLISECONDS);
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
      try {
        BenchmarkOperator.await(
            "the changed Secrets", options.refresh().multipliedBy(2), pending::isEmpty);
      } catch (IllegalStateException timedOut) {
        System.out.printf(
            "  %d changes not seen within %d s of the last write: %s%n",
            pending.size(),
            options.refresh().multipliedBy(2).toSeconds(),
            pending.keySet().stream().sorted().limit(10).collect(Collectors.joining(", ")));
      }
    }
    List<Duration> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return sorted;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Runs the action for 0..count-1 on {@link #THREADS} threads; rethrows the first failure. */
  private static void inParallel(int count, IntConsumer action) {
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      CompletableFuture.allOf(
              IntStream.range(0, count)
                  .mapToObj(i -> CompletableFuture.runAsync(() -> action.accept(i), pool))
                  .toArray(CompletableFuture[]::new))
          .join();
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  // ---- the report ----------------------------------------------------------------------------

  private static void print(Result r) {
    Options o = r.options();
    double measured = seconds(o.measure());
    VaultRequests steady = r.steadyRequests();
    String line = "-".repeat(76);
    System.out.printf(
        "%n%s%n  %d VaultSecrets over %d tenants, refreshInterval %d s%n%s%n",
        line, o.secrets(), o.tenants(), o.refresh().toSeconds(), line);
    row("metric", "value", "target", "");
    row("create to all Synced", secs(r.toSynced()), "", "");
    row(
        "Vault requests/s (" + o.measure().toSeconds() + " s steady)",
        "%.1f".formatted(steady.total() / measured),
        "",
        "");
    row("  KV reads/s", "%.1f".formatted(steady.kvReads() / measured), "", "");
    row(
        "  expected: secrets / refresh",
        "%.1f".formatted(o.secrets() / seconds(o.refresh())),
        "",
        "");
    row("  logins/s", "%.2f".formatted(steady.logins() / measured), "", "");
    row("  other/s", "%.2f".formatted(steady.other() / measured), "", "");
    row(
        "K8s writes, " + o.measure().toSeconds() + " s steady",
        Long.toString(r.steadyWrites()),
        "0",
        verdict(r.steadyWrites() == 0));
    row(
        "changes seen in Secrets",
        r.latencies().size() + "/" + o.changes(),
        Integer.toString(o.changes()),
        verdict(r.latencies().size() == o.changes()));
    if (o.changes() > 0) {
      Duration target = r.latencyTarget();
      row("Vault to Secret p50", secsOrNone(r.percentile(0.50)), "", "");
      Duration p99 = r.percentile(0.99);
      row(
          "Vault to Secret p99",
          secsOrNone(p99),
          "<= " + target.toSeconds() + " s",
          verdict(p99 != null && p99.compareTo(target) <= 0));
      row(
          "Vault to Secret max",
          secsOrNone(r.latencies().isEmpty() ? null : r.latencies().getLast()),
          "",
          "");
    }
    row("heap after full GC", "%.1f MiB".formatted(r.heapMiB()), "", "");
    row("RSS", "%.1f MiB".formatted(r.rssMiB()), "", "");
    System.out.printf(
        "%s%n  Vault requests counted by a proxy between the operator and OpenBao%n"
            + "  operator log: %s%n",
        line, r.log());
  }

  private static void row(String metric, String value, String target, String verdict) {
    System.out.printf("  %-36s %12s   %-10s %s%n", metric, value, target, verdict);
  }

  private static String secs(Duration duration) {
    return "%.2f s".formatted(seconds(duration));
  }

  private static String secsOrNone(Duration duration) {
    return duration == null ? "none" : secs(duration);
  }

  private static String verdict(boolean met) {
    return met ? "PASS" : "MISS";
  }
}
