package dev.rampart.billing.benchmark;

import dev.rampart.localcp.LocalPostgres;
import dev.rampart.localcp.LocalPostgres.Durability;
import dev.rampart.localcp.Servers;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * End-to-end throughput and latency of the billing gateway on loopback, against a real PostgreSQL
 * started for the run. The gateway runs as its own JVM, exactly as {@code Main} starts it, with the
 * heap its Deployment gives it.
 *
 * <ol>
 *   <li>Baseline: N JDBC connections doing single-row INSERT transactions of the same event bodies
 *       on the same server: the floor any gateway pays for a commit.
 *   <li>Gateway: N HTTP clients on keep-alive connections, each sending signed Stripe {@code
 *       charge.succeeded} events back to back; every one is verified, deduplicated, posted (one
 *       ledger transaction, two entries) and committed before its 200.
 *   <li>Both for each N of {@code --clients} (the baseline up to {@value #BASELINE_MAX_CLIENTS}): a
 *       system's maximum is its best rate over them (more clients than that only queue). Target:
 *       the gateway's maximum at least 0.7 times the baseline's.
 *   <li>Half load: events arrive at half the gateway's maximum rate on a fixed schedule, latency
 *       measured from each event's scheduled time (so a stall counts for every event it delays).
 *       Target: p99 at most 25 ms.
 * </ol>
 *
 * <p>The gateway is warmed up first for {@code --warmup}: on two shared cores its JIT compiler
 * still takes a good part of the CPU ten seconds in. Every measurement starts right after a
 * CHECKPOINT, with {@code max_wal_size} and {@code checkpoint_timeout} raised so that no checkpoint
 * starts inside one: otherwise one falls into whichever phase crosses the WAL threshold, and that
 * phase's latency measures the disk writing dirty pages back rather than the system under test.
 *
 * <p>All of it runs twice, each time against a PostgreSQL of its own: first durable ({@code fsync}
 * and {@code synchronous_commit} on, as production runs it and as the gateway's promise needs: an
 * acknowledged event survives a crash), which is what the targets are about; then with {@code
 * fsync=off}, as the tests run it, which leaves only the CPU cost.
 *
 * <p>Usage: {@code GatewayBenchmark [--clients=16,32,64,128] [--seconds=15] [--warmup=30]
 * [--durability=both|durable|fsync-off]}. A measurement: missed targets exit 0; errors exit 1, bad
 * arguments 2.
 */
public final class GatewayBenchmark {

  private static final String ROLE = "gateway";
  private static final String STRIPE_SECRET = "whsec_benchmark" + randomHex(16);
  private static final double TARGET_RATIO = 0.7;
  private static final double TARGET_P99_MILLIS = 25;

  /**
   * The baseline's connections at most: PostgreSQL accepts 100 (less a few for superusers), and its
   * rate no longer rises past 16 to 32 anyway. The gateway multiplexes any number of clients over
   * its pool of 10.
   */
  private static final int BASELINE_MAX_CLIENTS = 64;

  record Options(
      List<Integer> clients, Duration measure, Duration warmup, List<Durability> durabilities) {
    private static final String USAGE =
        "usage: GatewayBenchmark [--clients=16,32,64,128] [--seconds=15] [--warmup=30]"
            + " [--durability=both|durable|fsync-off]";

    static Options parse(String[] args) {
      List<Integer> clients = List.of(16, 32, 64, 128);
      Duration measure = Duration.ofSeconds(15);
      Duration warmup = Duration.ofSeconds(30);
      List<Durability> durabilities = List.of(Durability.DURABLE, Durability.FSYNC_OFF);
      try {
        for (String arg : args) {
          if (arg.startsWith("--clients=")) {
            clients =
                Arrays.stream(arg.substring("--clients=".length()).split(","))
                    .map(Integer::valueOf)
                    .toList();
          } else if (arg.startsWith("--seconds=")) {
            measure = Duration.ofSeconds(Long.parseLong(arg.substring("--seconds=".length())));
          } else if (arg.startsWith("--warmup=")) {
            warmup = Duration.ofSeconds(Long.parseLong(arg.substring("--warmup=".length())));
          } else if (arg.startsWith("--durability=")) {
            durabilities =
                switch (arg.substring("--durability=".length())) {
                  case "both" -> List.of(Durability.DURABLE, Durability.FSYNC_OFF);
                  case "durable" -> List.of(Durability.DURABLE);
                  case "fsync-off" -> List.of(Durability.FSYNC_OFF);
                  default -> throw new IllegalArgumentException("unknown durability in " + arg);
                };
          } else {
            throw new IllegalArgumentException("unknown argument " + arg);
          }
        }
        if (clients.stream().anyMatch(c -> c < 1)
            || measure.isZero()
            || measure.isNegative()
            || warmup.isNegative()) {
          throw new IllegalArgumentException("clients and seconds must be positive");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(USAGE + " (" + e.getMessage() + ")");
      }
      return new Options(clients, measure, warmup, durabilities);
    }
  }

  /** A phase's outcome: completed operations over the measured time, and their latencies. */
  record Result(long operations, Duration elapsed, long[] latencyNanos) {
    double perSecond() {
      return operations / (elapsed.toNanos() / 1e9);
    }

    double percentileMillis(double percentile) {
      if (latencyNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(percentile / 100 * latencyNanos.length) - 1;
      return latencyNanos[Math.max(0, index)] / 1e6;
    }

    String describe(String unit) {
      return String.format(
          Locale.ROOT,
          "%8.0f %s/s   p50 %6.2f ms   p99 %6.2f ms   (%d in %.1f s)",
          perSecond(),
          unit,
          percentileMillis(50),
          percentileMillis(99),
          operations,
          elapsed.toNanos() / 1e9);
    }
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int exitCode = 0;
    try {
      run(options);
    } catch (Exception e) {
      e.printStackTrace();
      exitCode = 1;
    }
    System.exit(exitCode);
  }

  /** A measured phase: its clients and result. */
  record Phase(int clients, Result result) {}

  /** One durability's maxima (each system's best phase) and half load, for the summary. */
  record Summary(Durability durability, Phase baseline, Phase maximum, Phase halfLoad) {
    double ratio() {
      return maximum.result().perSecond() / baseline.result().perSecond();
    }
  }

  private static void run(Options options) throws Exception {
    Path dir = Path.of("target", "benchmark").toAbsolutePath();
    Files.createDirectories(dir);
    List<Summary> summaries = new ArrayList<>();
    for (Durability durability : options.durabilities()) {
      summaries.add(measure(options, durability, dir));
    }
    System.out.println();
    System.out.printf(
        "summary (clients %s, %d s per measurement; targets, durable: ratio >= %.1f, p99 at half"
            + " <= %.0f ms)%n",
        options.clients(), options.measure().toSeconds(), TARGET_RATIO, TARGET_P99_MILLIS);
    System.out.println(
        "PostgreSQL   baseline tx/s (clients)  p99 ms | gateway events/s (clients)  ratio  p50 ms"
            + "  p99 ms | half: events/s  p50 ms  p99 ms");
    for (Summary summary : summaries) {
      Result baseline = summary.baseline().result();
      Result maximum = summary.maximum().result();
      Result half = summary.halfLoad().result();
      System.out.printf(
          Locale.ROOT,
          "%-11s  %13.0f (%7d)  %6.2f | %16.0f (%7d)  %5.2f  %6.2f  %6.2f | %14.0f  %6.2f  %6.2f%n",
          label(summary.durability()),
          baseline.perSecond(),
          summary.baseline().clients(),
          baseline.percentileMillis(99),
          maximum.perSecond(),
          summary.maximum().clients(),
          summary.ratio(),
          maximum.percentileMillis(50),
          maximum.percentileMillis(99),
          half.perSecond(),
          half.percentileMillis(50),
          half.percentileMillis(99));
    }
  }

  private static String label(Durability durability) {
    return switch (durability) {
      case DURABLE -> "durable";
      case FSYNC_OFF -> "fsync=off";
    };
  }

  /** Baselines, gateway maxima and half load against a PostgreSQL of its own. */
  private static Summary measure(Options options, Durability durability, Path dir)
      throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(Servers.fromCache(), durability);
        Connection admin = superuser(postgres, "postgres")) {
      String password = randomHex(16);
      try (Statement statement = admin.createStatement()) {
        statement.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + password + "'");
        statement.execute("CREATE DATABASE ledger OWNER " + ROLE);
        // Its own database: Flyway migrates only an empty one.
        statement.execute("CREATE DATABASE baseline OWNER " + ROLE);
        // Checkpoints only when asked (see the class comment): a phase writes at most a few GB of
        // WAL and lasts well under an hour.
        statement.execute("ALTER SYSTEM SET max_wal_size = '16GB'");
        statement.execute("ALTER SYSTEM SET checkpoint_timeout = '1h'");
        statement.execute("SELECT pg_reload_conf()");
      }
      String ledgerUrl =
          "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/ledger?sslmode=disable";
      String baselineUrl =
          "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/baseline?sslmode=disable";
      try (Connection connection = DriverManager.getConnection(baselineUrl, ROLE, password);
          Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE baseline_event (id text PRIMARY KEY, body bytea NOT NULL,"
                + " received_at timestamptz NOT NULL DEFAULT now())");
      }
      try (GatewayProcess gateway =
          GatewayProcess.start(
              dir,
              ledgerUrl,
              password,
              "gateway-" + label(durability).replace('=', '-') + ".log")) {
        System.out.println();
        System.out.printf(
            "billing gateway benchmark, PostgreSQL %s: clients %s, %d s warm-up, %d s per"
                + " measurement, PostgreSQL on loopback port %d%n",
            label(durability),
            options.clients(),
            options.warmup().toSeconds(),
            options.measure().toSeconds(),
            postgres.port());
        int mostClients = options.clients().stream().max(Integer::compare).orElseThrow();
        closedLoop(gateway.port(), mostClients, options.warmup());

        Phases phases = new Phases(admin, gateway.pid());
        List<Phase> baselines = new ArrayList<>();
        List<Phase> maxima = new ArrayList<>();
        for (int clients : options.clients()) {
          if (clients > BASELINE_MAX_CLIENTS) {
            continue;
          }
          baselines.add(
              phases.measure(
                  "baseline (single-row INSERT transactions)",
                  "tx",
                  clients,
                  () -> baseline(baselineUrl, password, clients, options.measure())));
        }
        for (int clients : options.clients()) {
          maxima.add(
              phases.measure(
                  "gateway",
                  "events",
                  clients,
                  () -> closedLoop(gateway.port(), clients, options.measure())));
        }
        Phase baseline = best(baselines);
        Phase maximum = best(maxima);
        double half = maximum.result().perSecond() / 2;
        Phase halfLoad =
            phases.measure(
                String.format(Locale.ROOT, "gateway at half its maximum (%.0f/s)", half),
                "events",
                maximum.clients(),
                () -> openLoop(gateway.port(), maximum.clients(), half, options.measure()));

        Summary summary = new Summary(durability, baseline, maximum, halfLoad);
        System.out.printf(
            Locale.ROOT,
            "throughput ratio gateway/baseline, each at its maximum: %.2f (target >= %.1f): %s%n",
            summary.ratio(),
            TARGET_RATIO,
            summary.ratio() >= TARGET_RATIO ? "met" : "MISSED");
        double p99 = halfLoad.result().percentileMillis(99);
        System.out.printf(
            Locale.ROOT,
            "p99 at half the maximum rate: %.2f ms (target <= %.0f ms): %s%n",
            p99,
            TARGET_P99_MILLIS,
            p99 <= TARGET_P99_MILLIS ? "met" : "MISSED");
        long acknowledged =
            maxima.stream().mapToLong(p -> p.result().operations()).sum()
                + halfLoad.result().operations();
        long recorded = countEvents(ledgerUrl, password);
        System.out.printf(
            "ledger: %d events acknowledged with 200 after warm-up, %d events recorded in all;"
                + " connections the gateway closed and a client opened again: %d%n",
            acknowledged, recorded, reconnects.get());
        if (recorded < acknowledged) {
          throw new IllegalStateException("acknowledged events are missing from the ledger");
        }
        return summary;
      }
    }
  }

  private static Phase best(List<Phase> phases) {
    return phases.stream()
        .max(Comparator.comparingDouble(p -> p.result().perSecond()))
        .orElseThrow();
  }

  /** A phase to measure; it returns its result. */
  private interface Measured {
    Result run() throws Exception;
  }

  /** Runs each phase right after a CHECKPOINT and prints its result and CPU per operation. */
  private record Phases(Connection admin, long gatewayPid) {
    Phase measure(String label, String unit, int clients, Measured phase) throws Exception {
      try (Statement statement = admin.createStatement()) {
        statement.execute("CHECKPOINT");
      }
      Cpu start = Cpu.now(gatewayPid);
      Result result = phase.run();
      Cpu used = Cpu.now(gatewayPid).minus(start);
      System.out.printf(
          Locale.ROOT,
          "%-42s %4d clients %s%n%49s CPU per %s: %s%n",
          label,
          clients,
          result.describe(unit),
          "",
          unit.replaceAll("s$", ""),
          used.per(result));
      return new Phase(clients, result);
    }
  }

  /**
   * CPU time used so far by PostgreSQL (the postmaster, its live backends and those it reaped), the
   * gateway's JVM and this client JVM, from /proc (Linux).
   */
  record Cpu(Duration postgres, Duration gateway, Duration client) {
    // USER_HZ, the unit of /proc/<pid>/stat times; 100 on every Linux the project runs on.
    private static final long TICK_NANOS = 10_000_000;

    static Cpu now(long gatewayPid) throws IOException, InterruptedException {
      Thread.sleep(100); // lets the postmaster reap backends that just closed
      long postgres = 0;
      for (ProcessHandle process : ProcessHandle.current().descendants().toList()) {
        String command = process.info().command().orElse("");
        if (command.endsWith("/postgres")) {
          boolean postmaster =
              process
                  .parent()
                  .flatMap(p -> p.info().command())
                  .map(c -> !c.endsWith("/postgres"))
                  .orElse(true);
          postgres += ticks(process.pid(), postmaster);
        }
      }
      var os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      return new Cpu(
          Duration.ofNanos(postgres * TICK_NANOS),
          Duration.ofNanos(ticks(gatewayPid, false) * TICK_NANOS),
          Duration.ofNanos(os.getProcessCpuTime()));
    }

    /** utime + stime, plus the reaped children's (cutime + cstime) when asked. */
    private static long ticks(long pid, boolean withChildren) throws IOException {
      String stat;
      try {
        stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      } catch (java.nio.file.NoSuchFileException e) {
        return 0; // exited meanwhile; its parent counts it
      }
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return withChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(
          postgres.minus(earlier.postgres),
          gateway.minus(earlier.gateway),
          client.minus(earlier.client));
    }

    String per(Result result) {
      return String.format(
          Locale.ROOT,
          "PostgreSQL %5.0f us   gateway %5.0f us   client %5.0f us",
          postgres.toNanos() / 1e3 / result.operations(),
          gateway.toNanos() / 1e3 / result.operations(),
          client.toNanos() / 1e3 / result.operations());
    }
  }

  // ---- the baseline --------------------------------------------------------------------------

  private static Result baseline(String url, String password, int clients, Duration measure)
      throws Exception {
    byte[] body = event("evt_baseline").getBytes(StandardCharsets.UTF_8);
    return measureClosedLoop(
        clients,
        measure,
        () -> {
          Connection connection = DriverManager.getConnection(url, ROLE, password);
          PreparedStatement insert =
              connection.prepareStatement("INSERT INTO baseline_event (id, body) VALUES (?, ?)");
          return new Operation() {
            @Override
            public void run() throws SQLException {
              insert.setString(1, nextEventId());
              insert.setBytes(2, body);
              insert.executeUpdate();
            }

            @Override
            public void close() throws SQLException {
              connection.close();
            }
          };
        });
  }

  // ---- the gateway ---------------------------------------------------------------------------

  private static Result closedLoop(int port, int clients, Duration measure) throws Exception {
    return measureClosedLoop(clients, measure, () -> new SignedPost(port));
  }

  /** One client's repeated operation; it throws when it fails. */
  private interface Operation extends AutoCloseable {
    void run() throws Exception;
  }

  private interface OperationFactory {
    Operation open() throws Exception;
  }

  /** Each client runs its operation back to back for {@code measure}. */
  private static Result measureClosedLoop(int clients, Duration measure, OperationFactory factory)
      throws Exception {
    long start = System.nanoTime();
    long end = start + measure.toNanos();
    List<Future<long[]>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        futures.add(
            pool.submit(
                () -> {
                  Latencies latencies = new Latencies();
                  try (Operation operation = factory.open()) {
                    while (true) {
                      long begin = System.nanoTime();
                      if (begin >= end) {
                        break;
                      }
                      operation.run();
                      latencies.add(System.nanoTime() - begin);
                    }
                  }
                  return latencies.toArray();
                }));
      }
    }
    return collect(futures, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Events at {@code rate} per second on a fixed schedule, sent by {@code connections} clients;
   * each latency counts from the event's scheduled time.
   */
  private static Result openLoop(int port, int connections, double rate, Duration measure)
      throws Exception {
    long period = (long) (1e9 / rate);
    long count = (long) (rate * measure.toNanos() / 1e9);
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    List<Future<long[]>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < connections; c++) {
        futures.add(
            pool.submit(
                () -> {
                  Latencies latencies = new Latencies();
                  try (SignedPost post = new SignedPost(port)) {
                    for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                      long scheduled = start + i * period;
                      long wait = scheduled - System.nanoTime();
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      }
                      post.run();
                      latencies.add(System.nanoTime() - scheduled);
                    }
                  }
                  return latencies.toArray();
                }));
      }
    }
    return collect(futures, Duration.ofNanos(System.nanoTime() - start));
  }

  private static Result collect(List<Future<long[]>> futures, Duration elapsed) throws Exception {
    List<long[]> parts = new ArrayList<>();
    int total = 0;
    for (Future<long[]> future : futures) {
      long[] part = future.get();
      parts.add(part);
      total += part.length;
    }
    long[] all = new long[total];
    int at = 0;
    for (long[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    Arrays.sort(all);
    return new Result(total, elapsed, all);
  }

  /** A growable array of latencies, one per client thread. */
  private static final class Latencies {
    private long[] values = new long[4096];
    private int size;

    void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  /**
   * A client on one keep-alive connection that POSTs new signed Stripe events, written as plain
   * HTTP/1.1 so that the client's own overhead stays small next to the gateway's.
   */
  private static final class SignedPost implements Operation {
    private final int port;
    private final Mac mac;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SignedPost(int port) throws IOException, GeneralSecurityException {
      this.port = port;
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(STRIPE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      connect();
    }

    private void connect() throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    /**
     * Sends a new event. A keep-alive connection the gateway closed meanwhile (the JDK server keeps
     * at most 200 idle ones) is opened again once and the event sent again, as an HTTP client does;
     * the event id makes that safe.
     */
    @Override
    public void run() throws IOException {
      byte[] request = request();
      int status;
      try {
        status = exchange(request);
      } catch (IOException closed) {
        socket.close();
        connect();
        reconnects.incrementAndGet();
        status = exchange(request);
      }
      if (status != 200) {
        throw new IllegalStateException("the gateway answered " + status);
      }
    }

    private int exchange(byte[] request) throws IOException {
      out.write(request);
      return readResponse();
    }

    /** Head and body in one array, written at once as any buffered client does. */
    private byte[] request() {
      byte[] body = event(nextEventId()).getBytes(StandardCharsets.UTF_8);
      long timestamp = Instant.now().getEpochSecond();
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      String signature = HexFormat.of().formatHex(mac.doFinal(body));
      byte[] head =
          ("POST /webhooks/payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Stripe-Signature: t="
                  + timestamp
                  + ",v1="
                  + signature
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] request = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, request, head.length, body.length);
      return request;
    }

    /** The status; the body is read to its Content-Length so the connection can be reused. */
    private int readResponse() throws IOException {
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      int length = 0;
      for (String header = line(); !header.isEmpty(); header = line()) {
        if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Integer.parseInt(header.substring(15).strip());
        }
      }
      in.readNBytes(length);
      return code;
    }

    private String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the gateway closed the connection");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static final AtomicLong events = new AtomicLong();
  private static final AtomicLong reconnects = new AtomicLong();
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

  /**
   * A new event id in Stripe's style, base 36: no long digit runs, which the card-data check could
   * take for a card number.
   */
  private static String nextEventId() {
    return "evt_" + RUN + "x" + Long.toString(events.incrementAndGet(), 36);
  }

  /** A Stripe charge.succeeded event of about 1 KB, the size of a real one's core. */
  static String event(String id) {
    return """
        {"id":"%s","object":"event","api_version":"2024-06-20","created":1763800000,\
        "type":"charge.succeeded","livemode":false,"pending_webhooks":1,\
        "request":{"id":"req_%s","idempotency_key":"%s"},\
        "data":{"object":{"id":"ch_%s","object":"charge","amount":2500,"amount_captured":2500,\
        "amount_refunded":0,"balance_transaction":"txn_3Q1b2c3d4e5f6g7h","captured":true,\
        "currency":"usd","customer":"cus_Q1b2c3d4e5f6g7","description":"Subscription update",\
        "paid":true,"payment_intent":"pi_3Q1b2c3d4e5f6g7h","payment_method":"pm_1Q1b2c3d4e5f6g7h",\
        "payment_method_details":{"card":{"brand":"visa","exp_month":12,"exp_year":2030,\
        "funding":"credit","last4":"4242","network":"visa"},"type":"card"},\
        "receipt_url":"https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xUTFiMmMzZDRlNWY2ZzdoKJ",\
        "status":"succeeded","metadata":{"order":"ord_8812","tenant":"acme"}}}}"""
        .formatted(id, id, id, id);
  }

  private static long countEvents(String url, String password) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, ROLE, password);
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT count(*) FROM webhook_event e JOIN ledger_transaction t"
                    + " ON t.webhook = e.webhook AND t.event_id = e.event_id")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static Connection superuser(LocalPostgres postgres, String database) throws SQLException {
    Properties credentials = new Properties();
    credentials.setProperty("user", LocalPostgres.SUPERUSER);
    credentials.setProperty("password", postgres.superuserPassword());
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database + "?sslmode=disable",
        credentials);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** The gateway as its own JVM, started as the image starts it, on free ports. */
  private static final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private GatewayProcess(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static GatewayProcess start(Path dir, String ledgerUrl, String password, String logName)
        throws Exception {
      Path secrets = dir.resolve("secrets");
      Files.createDirectories(secrets);
      Files.writeString(secrets.resolve("db-username"), ROLE);
      Files.writeString(secrets.resolve("db-password"), password);
      Files.writeString(secrets.resolve("payments.signing"), STRIPE_SECRET);
      Path config = dir.resolve("gateway.json");
      Files.writeString(
          config,
          """
          {
            "listen": {"webhooks": 0, "admin": 0, "management": 0},
            "database": {"url": "%s", "usernameFile": "db-username", "passwordFile": "db-password"},
            "webhooks": [{
              "name": "payments", "path": "/webhooks/payments", "provider": "stripe",
              "signingSecrets": [{"file": "payments.signing"}],
              "postings": [{"eventType": "charge.succeeded", "amount": "/data/object/amount",
                            "currency": "/data/object/currency", "debit": "processor:stripe",
                            "credit": "revenue:sales"}]
            }]
          }
          """
              .formatted(ledgerUrl));
      Path ports = dir.resolve("ports");
      Files.deleteIfExists(ports);
      Path log = dir.resolve(logName);
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:+ExitOnOutOfMemoryError",
                  // As in its Deployment: 75 % of the 512 Mi limit, and with its one CPU the JVM
                  // picks the serial collector (young pauses of about a millisecond here; G1
                  // on two shared cores paused for 13-27 ms).
                  "-Xmx384m",
                  "-XX:+UseSerialGC",
                  "-Xlog:gc:file=" + dir.resolve(logName + ".gc"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.rampart.billing.Main")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.put("BILLING_GATEWAY_CONFIG", config.toString());
      env.put("BILLING_GATEWAY_SECRETS_DIR", secrets.toString());
      env.put("BILLING_GATEWAY_PORTS_FILE", ports.toString());
      Process process = builder.start();
      Instant deadline = Instant.now().plusSeconds(60);
      while (!Files.exists(ports)) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          process.destroyForcibly();
          throw new IllegalStateException("the gateway did not start; see " + log);
        }
        Thread.sleep(100);
      }
      Map<String, Integer> bound = new HashMap<>();
      for (String line : Files.readAllLines(ports)) {
        String[] pair = line.split("=");
        bound.put(pair[0], Integer.parseInt(pair[1]));
      }
      return new GatewayProcess(process, bound.get("webhooks"));
    }

    int port() {
      return port;
    }

    long pid() {
      return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
