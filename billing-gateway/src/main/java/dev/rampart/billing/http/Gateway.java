package dev.rampart.billing.http;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import dev.rampart.billing.authn.AccessTokens;
import dev.rampart.billing.authn.AdminAuthentication;
import dev.rampart.billing.authn.JwksKeys;
import dev.rampart.billing.authz.AdminAuthorization;
import dev.rampart.billing.authz.PolicyDecisionPoint;
import dev.rampart.billing.config.AdminTokens;
import dev.rampart.billing.config.ConfigException;
import dev.rampart.billing.config.GatewayConfig;
import dev.rampart.billing.config.SecretFiles;
import dev.rampart.billing.config.SecretFiles.Ref;
import dev.rampart.billing.forward.Forwarder;
import dev.rampart.billing.forward.RetryPolicy;
import dev.rampart.billing.ledger.AdjustmentPolicy;
import dev.rampart.billing.ledger.Adjustments;
import dev.rampart.billing.ledger.ForwardOutbox;
import dev.rampart.billing.ledger.Ledger;
import dev.rampart.billing.ledger.LedgerDataSource;
import dev.rampart.billing.ledger.LedgerDatabase;
import dev.rampart.billing.ledger.PostingRule;
import dev.rampart.billing.ledger.PostingRules;
import dev.rampart.billing.ledger.Reconciliation;
import dev.rampart.billing.metrics.GatewayMetrics;
import dev.rampart.billing.verify.SigningSecret;
import dev.rampart.billing.verify.StandardWebhooksSigner;
import dev.rampart.billing.verify.WebhookVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway process's parts, started from a validated configuration: the ledger database
 * (migrated), the three HTTP servers (webhooks, admin, management), the forwarder and the pruning
 * of idempotency keys. {@link #close()} stops them in an order that loses nothing: stop accepting,
 * finish requests and deliveries in flight, then close the pool.
 *
 * <p>The servers are the JDK's own ({@code com.sun.net.httpserver}) with a virtual thread per
 * request: a request spends its time waiting for the database commit, which virtual threads make
 * cheap, and no HTTP framework is needed for a handful of routes.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  /**
   * Timing that the configuration file leaves to the gateway; tests shorten it.
   *
   * @param secretPoll how often secret files are checked for changes
   * @param retry when failed deliveries are tried again
   * @param shutdownGrace how long requests and deliveries in flight may take to finish on close
   * @param pruneEvery how often idempotency keys older than their window are removed
   */
  public record Settings(
      Duration secretPoll,
      RetryPolicy retry,
      Forwarder.Settings forwarding,
      Duration shutdownGrace,
      Duration pruneEvery,
      Clock clock) {

    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(2),
          new RetryPolicy(Duration.ofSeconds(1), Duration.ofHours(1), new Random()),
          Forwarder.Settings.defaults(),
          Duration.ofSeconds(20),
          Duration.ofHours(1),
          Clock.systemUTC());
    }
  }

  private final Settings settings;
  private final GatewayMetrics metrics;
  private final SecretFiles secrets;
  private final HikariDataSource dataSource;
  private final Forwarder forwarder;
  private final ScheduledExecutorService pruner;
  private final Optional<PolicyDecisionPoint> decisionPoint;
  private final Optional<JwksKeys> signingKeys;
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<ExecutorService> executors = new ArrayList<>();
  private volatile boolean closing;

  private Gateway(
      Settings settings,
      GatewayMetrics metrics,
      SecretFiles secrets,
      HikariDataSource dataSource,
      Forwarder forwarder,
      ScheduledExecutorService pruner,
      Optional<PolicyDecisionPoint> decisionPoint,
      Optional<JwksKeys> signingKeys) {
    this.settings = settings;
    this.metrics = metrics;
    this.secrets = secrets;
    this.dataSource = dataSource;
    this.forwarder = forwarder;
    this.pruner = pruner;
    this.decisionPoint = decisionPoint;
    this.signingKeys = signingKeys;
  }

  /**
   * Reads the secrets, connects to and migrates the ledger database, and starts serving.
   *
   * @throws ConfigException when a secret file is missing or unusable, naming its field
   * @throws RuntimeException when the database cannot be reached or migrated, or a port bound
   */
  public static Gateway start(GatewayConfig config, Path secretsDir, Settings settings) {
    GatewayMetrics metrics = new GatewayMetrics();
    SecretFiles secrets = new SecretFiles(secretsDir, settings.secretPoll());
    HikariDataSource dataSource = null;
    Gateway gateway = null;
    try {
      Secrets read = readSecrets(config, secrets);
      dataSource = connect(config.database(), read.database());
      dataSource.setMetricRegistry(metrics.registry());
      read.pool().set(dataSource);
      int applied = LedgerDatabase.migrate(dataSource);
      log.info("ledger database ready ({} migrations applied)", applied);

      Map<String, GatewayMetrics.Webhook> meters = new LinkedHashMap<>();
      Map<String, Forwarder.Target> targets = new LinkedHashMap<>();
      for (GatewayConfig.Webhook hook : config.webhooks()) {
        GatewayMetrics.Webhook meter = metrics.webhook(hook.name(), WebhookHandler.reasons());
        meters.put(hook.name(), meter);
        hook.forward()
            .ifPresent(
                forward ->
                    targets.put(
                        hook.name(),
                        new Forwarder.Target(
                            forward.url(), read.signers().get(hook.name()), meter)));
      }
      Forwarder forwarder =
          new Forwarder(
              new ForwardOutbox(dataSource),
              targets,
              settings.retry(),
              settings.forwarding(),
              settings.clock());
      ScheduledExecutorService pruner =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("idempotency-pruner").factory());
      Optional<PolicyDecisionPoint> decisionPoint =
          config.policy().map(p -> new PolicyDecisionPoint(p.url(), p.tenant(), p.timeout()));
      Optional<JwksKeys> signingKeys =
          config
              .oidc()
              .map(
                  oidc ->
                      new JwksKeys(
                          oidc.jwksUrl(),
                          JwksKeys.FETCH_TIMEOUT,
                          JwksKeys.MIN_INTERVAL,
                          JwksKeys.MAX_AGE,
                          settings.clock()));
      gateway =
          new Gateway(
              settings,
              metrics,
              secrets,
              dataSource,
              forwarder,
              pruner,
              decisionPoint,
              signingKeys);
      Ledger ledger = new Ledger(dataSource);
      gateway.serve(config, read, ledger, meters);
      forwarder.start();
      pruner.scheduleWithFixedDelay(
          () -> prune(ledger, config.webhooks()),
          settings.pruneEvery().toMillis(),
          settings.pruneEvery().toMillis(),
          TimeUnit.MILLISECONDS);
      return gateway;
    } catch (IOException e) {
      abandon(gateway, secrets, dataSource, metrics);
      throw new UncheckedIOException("cannot listen: " + e.getMessage(), e);
    } catch (SQLException e) {
      abandon(gateway, secrets, dataSource, metrics);
      throw new IllegalStateException(
          "cannot read the forwarding state (SQLState " + e.getSQLState() + ")", e);
    } catch (RuntimeException e) {
      abandon(gateway, secrets, dataSource, metrics);
      throw e;
    }
  }

  /** Releases what a failed start had opened. */
  private static void abandon(
      Gateway gateway, SecretFiles secrets, HikariDataSource dataSource, GatewayMetrics metrics) {
    if (gateway != null) {
      gateway.close();
      return;
    }
    secrets.close();
    if (dataSource != null) {
      dataSource.close();
    }
    metrics.close();
  }

  /** Everything read from the secrets directory, each kept current by {@link SecretFiles}. */
  private record Secrets(
      Supplier<List<String>> database,
      AtomicReference<HikariDataSource> pool,
      Map<String, Supplier<WebhookVerifier>> verifiers,
      Map<String, Supplier<StandardWebhooksSigner>> signers,
      Supplier<AdminTokens> adminTokens) {}

  /** Reads every secret file, reporting every problem at once. */
  private static Secrets readSecrets(GatewayConfig config, SecretFiles secrets) {
    List<String> problems = new ArrayList<>();
    AtomicReference<HikariDataSource> pool = new AtomicReference<>();
    Supplier<List<String>> database =
        collect(
            problems,
            () ->
                secrets.watch(
                    "database",
                    List.of(
                        new Ref("database.usernameFile", config.database().usernameFile()),
                        new Ref("database.passwordFile", config.database().passwordFile())),
                    credentials -> {
                      // Rotated credentials (a VaultSecret) are used for new connections.
                      HikariDataSource current = pool.get();
                      if (current != null) {
                        current
                            .getHikariConfigMXBean()
                            .setCredentials(Credentials.of(credentials.get(0), credentials.get(1)));
                      }
                      return credentials;
                    }));
    Map<String, Supplier<WebhookVerifier>> verifiers = new LinkedHashMap<>();
    Map<String, Supplier<StandardWebhooksSigner>> signers = new LinkedHashMap<>();
    for (int i = 0; i < config.webhooks().size(); i++) {
      GatewayConfig.Webhook hook = config.webhooks().get(i);
      String at = "webhooks[" + i + "]";
      List<Ref> files = new ArrayList<>();
      for (int s = 0; s < hook.signingSecrets().size(); s++) {
        files.add(
            new Ref(at + ".signingSecrets[" + s + "].file", hook.signingSecrets().get(s).file()));
      }
      verifiers.put(
          hook.name(),
          collect(
              problems,
              () ->
                  secrets.watch(
                      at + ".signingSecrets",
                      files,
                      values -> {
                        List<SigningSecret> signing = new ArrayList<>();
                        for (int s = 0; s < values.size(); s++) {
                          signing.add(
                              new SigningSecret(
                                  values.get(s),
                                  hook.signingSecrets().get(s).validUntil().orElse(null)));
                        }
                        return WebhookVerifier.create(
                            hook.provider(), signing, hook.tolerance(), hook.maxBodyBytes());
                      })));
      hook.forward()
          .ifPresent(
              forward ->
                  signers.put(
                      hook.name(),
                      collect(
                          problems,
                          () ->
                              secrets.watch(
                                  at + ".forward.secretFile",
                                  List.of(
                                      new Ref(at + ".forward.secretFile", forward.secretFile())),
                                  values -> new StandardWebhooksSigner(values.getFirst())))));
    }
    Supplier<AdminTokens> adminTokens =
        config
            .adminTokensFile()
            .map(
                file ->
                    collect(
                        problems,
                        () ->
                            secrets.watch(
                                "adminTokensFile",
                                List.of(new Ref("adminTokensFile", file)),
                                values -> AdminTokens.parse(values.getFirst()))))
            .orElse(() -> AdminTokens.NONE);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Secrets(database, pool, verifiers, signers, adminTokens);
  }

  private static <T> Supplier<T> collect(List<String> problems, Supplier<Supplier<T>> watch) {
    try {
      return watch.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  private static HikariDataSource connect(
      GatewayConfig.Database database, Supplier<List<String>> credentials) {
    List<String> values = credentials.get();
    try {
      return LedgerDataSource.create(database.url(), values.get(0), values.get(1));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of("database.url: " + e.getMessage()));
    }
  }

  private void serve(
      GatewayConfig config, Secrets read, Ledger ledger, Map<String, GatewayMetrics.Webhook> meters)
      throws IOException {
    Reconciliation reconciliation = new Reconciliation(dataSource);
    HttpServer webhooks = server(config.listen().webhooks());
    for (GatewayConfig.Webhook hook : config.webhooks()) {
      List<PostingRule> rules =
          hook.postings().stream()
              .map(
                  p ->
                      new PostingRule(
                          p.eventType(), p.amount(), p.currency(), p.debit(), p.credit()))
              .toList();
      webhooks.createContext(
          hook.path(),
          new WebhookHandler(
              hook,
              read.verifiers().get(hook.name()),
              new PostingRules(rules, hook.maxAmountMinorUnits()),
              ledger,
              reconciliation,
              forwarder::wake,
              meters.get(hook.name()),
              settings.clock()));
    }
    Map<String, AdjustmentPolicy> policies = new LinkedHashMap<>();
    for (GatewayConfig.Webhook hook : config.webhooks()) {
      hook.adjustments()
          .ifPresent(
              a ->
                  policies.put(
                      hook.name(),
                      new AdjustmentPolicy(
                          a.maxMinorUnits(),
                          new AdjustmentPolicy.Accounts(a.credit().debit(), a.credit().credit()),
                          new AdjustmentPolicy.Accounts(a.refund().debit(), a.refund().credit()))));
    }
    decisionPoint.ifPresent(
        pdp ->
            log.info(
                "admin calls are authorized by the policy decision point at {} (tenant {})",
                pdp.decision(),
                pdp.tenant()));
    AdminAuthorization authorization =
        decisionPoint.isPresent() ? decisionPoint.get() : AdminAuthorization.ANY_ADMIN;
    Optional<AccessTokens> accessTokens =
        config
            .oidc()
            .map(
                oidc -> {
                  log.info(
                      "admin callers may present access tokens of {} for {} (keys from {})",
                      oidc.issuer(),
                      oidc.audience(),
                      oidc.jwksUrl());
                  return new AccessTokens(oidc, signingKeys.orElseThrow(), settings.clock());
                });
    HttpServer admin = server(config.listen().admin());
    admin.createContext(
        "/",
        new AdminApi(
            new AdminAuthentication(read.adminTokens(), accessTokens),
            authorization,
            metrics.admin(),
            new Adjustments(dataSource, policies),
            reconciliation,
            forwarder,
            meters,
            List.copyOf(policies.keySet())));
    HttpServer management = server(config.listen().management());
    ManagementApi.register(management, metrics, this::ready);
  }

  private HttpServer server(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    servers.add(server);
    executors.add(executor);
    server.start();
    return server;
  }

  private static void prune(Ledger ledger, List<GatewayConfig.Webhook> webhooks) {
    for (GatewayConfig.Webhook hook : webhooks) {
      try {
        long removed = ledger.prune(hook.name(), hook.idempotencyWindow());
        if (removed > 0) {
          log.info(
              "webhook {}: forgot {} idempotency keys older than {}",
              hook.name(),
              removed,
              hook.idempotencyWindow());
        }
      } catch (SQLException e) {
        log.warn(
            "webhook {}: pruning idempotency keys failed (SQLState {})",
            hook.name(),
            e.getSQLState());
      }
    }
  }

  public int webhooksPort() {
    return servers.get(0).getAddress().getPort();
  }

  public int adminPort() {
    return servers.get(1).getAddress().getPort();
  }

  public int managementPort() {
    return servers.get(2).getAddress().getPort();
  }

  /** Serving, and the ledger database answers. */
  public boolean ready() {
    if (closing) {
      return false;
    }
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Stops accepting webhook and admin requests, lets those in flight and running deliveries finish
   * (up to the shutdown grace), then closes the management port and the database pool.
   */
  @Override
  public void close() {
    closing = true;
    int grace = (int) Math.max(1, settings.shutdownGrace().toSeconds());
    List<Thread> stopping = new ArrayList<>();
    for (int i = 0; i < Math.min(2, servers.size()); i++) {
      HttpServer server = servers.get(i);
      stopping.add(Thread.ofVirtual().start(() -> server.stop(grace)));
    }
    stopping.add(Thread.ofVirtual().start(() -> forwarder.close(settings.shutdownGrace())));
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pruner.shutdownNow();
    decisionPoint.ifPresent(PolicyDecisionPoint::close);
    signingKeys.ifPresent(JwksKeys::close);
    secrets.close();
    if (servers.size() > 2) {
      servers.get(2).stop(0);
    }
    executors.forEach(ExecutorService::close);
    dataSource.close();
    metrics.close();
    log.info("billing gateway stopped");
  }
}
