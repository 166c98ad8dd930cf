package dev.rampart.operator;

import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.auth.OidcClientReconciler;
import dev.rampart.operator.auth.TenantAuthReconciler;
import dev.rampart.operator.keycloak.KeycloakConfig;
import dev.rampart.operator.keycloak.KeycloakConnection;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.kubernetes.WriteCounter;
import dev.rampart.operator.model.policy.PolicyLibrary;
import dev.rampart.operator.paymentwebhook.PaymentWebhookReconciler;
import dev.rampart.operator.policy.OpaEngine;
import dev.rampart.operator.policy.PolicyCheck;
import dev.rampart.operator.policy.TenantPolicyReconciler;
import dev.rampart.operator.tenant.TenantReconciler;
import dev.rampart.operator.tenant.VaultTenantReconciler;
import dev.rampart.operator.vault.RetiredTransitKeys;
import dev.rampart.operator.vault.TenantKv;
import dev.rampart.operator.vault.Vault;
import dev.rampart.operator.vault.VaultConfig;
import dev.rampart.operator.vault.VaultConnection;
import dev.rampart.operator.vaultsecret.VaultSecretReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keycloak.admin.client.Keycloak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: controllers, metrics, health endpoints. Used by Main and by tests.
 *
 * <p>Started before its CRDs are installed, it says which are missing (log, /readyz) and starts its
 * controllers once they are, instead of failing their informers at start-up.
 */
public final class RampartOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RampartOperator.class);

  /** How often missing CRDs are looked for again. */
  private static final Duration CRD_RECHECK = Duration.ofSeconds(5);

  private final Operator operator;
  private final KubernetesClient client;
  private final RequiredCrds crds;
  private final HttpEndpoints endpoints;
  private final WriteCounter writes;
  private final MeterRegistry registry;
  private final AtomicBoolean closing;
  private final ScheduledExecutorService crdRecheck =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("rampart-crd-check").factory());

  private RampartOperator(
      Operator operator,
      KubernetesClient client,
      RequiredCrds crds,
      HttpEndpoints endpoints,
      WriteCounter writes,
      MeterRegistry registry,
      AtomicBoolean closing) {
    this.operator = operator;
    this.client = client;
    this.crds = crds;
    this.endpoints = endpoints;
    this.writes = writes;
    this.registry = registry;
    this.closing = closing;
  }

  /**
   * Starts the operator against the cluster {@code kubeConfig} points at: at once when its CRDs are
   * installed, else once they are (see the class comment).
   */
  public static RampartOperator start(OperatorConfig config, Config kubeConfig) throws IOException {
    AtomicBoolean closing = new AtomicBoolean();
    // Only the leader runs background work; without leader election this replica is the one.
    AtomicBoolean leading = new AtomicBoolean(!config.leaderElection());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    WriteCounter writes = new WriteCounter(registry);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(kubeConfig).withUserAgent(ResourceWriter.USER_AGENT).build())
            .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("rampart-writes", writes))
            .build();
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(true)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withReconciliationTerminationTimeout(config.shutdownGrace())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(config, closing, leading));
              }
            });
    Clock clock = Clock.systemUTC();
    Optional<TenantKv> oidcClientVault = Optional.empty();
    if (config.vault().isPresent()) {
      VaultConfig vaultConfig = config.vault().get();
      Vault vault = VaultConnection.open(vaultConfig, clock);
      oidcClientVault = Optional.of(new TenantKv(vault, vaultConfig, client, clock));
      operator.register(
          new VaultTenantReconciler(clock, config.serviceAccount(), vault, vaultConfig));
      operator.register(
          new VaultSecretReconciler(clock, vault, vaultConfig, config.leaseNamespace()));
      sweepRetiredKeys(new RetiredTransitKeys(vault), vaultConfig.resync(), leading, clock);
      operator.register(
          new PaymentWebhookReconciler(
              clock, config.billingGatewayImage(), config.leaseNamespace(), vault, vaultConfig));
    } else {
      operator.register(new TenantReconciler(clock, config.serviceAccount()));
      operator.register(
          new PaymentWebhookReconciler(
              clock, config.billingGatewayImage(), config.leaseNamespace()));
    }
    operator.register(
        new TenantPolicyReconciler(
            clock,
            new PolicyCheck(PolicyLibrary.builtIn(), config.opa().map(OpaEngine::new)),
            config.pdpImage(),
            config.leaseNamespace(),
            registry));
    if (config.keycloak().isPresent()) {
      KeycloakConfig keycloakConfig = config.keycloak().get();
      Keycloak keycloak = KeycloakConnection.open(keycloakConfig, registry);
      operator.register(TenantAuthReconciler.connectedTo(keycloak, keycloakConfig, clock));
      operator.register(
          OidcClientReconciler.connectedTo(
              keycloak, keycloakConfig, oidcClientVault, clock, config.leaseNamespace()));
    } else {
      operator.register(new TenantAuthReconciler(clock));
      operator.register(new OidcClientReconciler(clock, config.leaseNamespace()));
    }
    List<Class<? extends HasMetadata>> reconciled = new ArrayList<>();
    for (RegisteredController<?> controller : operator.getRegisteredControllers()) {
      reconciled.add(controller.getConfiguration().getResourceClass());
    }
    // Watched by the tenantpolicy reconciler, though none reconciles it.
    reconciled.add(TenantRole.class);
    RequiredCrds crds = new RequiredCrds(client, reconciled);
    HttpEndpoints endpoints =
        HttpEndpoints.start(config.httpPort(), () -> notReady(operator, crds), registry);
    RampartOperator rampart =
        new RampartOperator(operator, client, crds, endpoints, writes, registry, closing);
    List<String> missing = crds.check();
    if (missing.isEmpty()) {
      operator.start();
    } else {
      logMissing(missing);
      rampart.crdRecheck.scheduleWithFixedDelay(
          rampart::startOnceCrdsAreInstalled,
          CRD_RECHECK.toMillis(),
          CRD_RECHECK.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return rampart;
  }

  /** Why /readyz answers 503, if it does. */
  private static Optional<String> notReady(Operator operator, RequiredCrds crds) {
    List<String> missing = crds.lastMissing();
    if (!missing.isEmpty()) {
      return Optional.of(
          "missing CRDs: " + String.join(", ", missing) + "; " + RequiredCrds.HOW_TO_INSTALL);
    }
    RuntimeInfo runtime = operator.getRuntimeInfo();
    if (!runtime.isStarted()) {
      return Optional.of("controllers not started yet");
    }
    if (!runtime.allEventSourcesAreHealthy()) {
      return Optional.of(
          "informers not healthy in "
              + String.join(", ", new TreeSet<>(runtime.unhealthyEventSources().keySet())));
    }
    return Optional.empty();
  }

  private static void logMissing(List<String> missing) {
    log.error(
        "CRD(s) {} not installed: {}; Rampart checks again every {} s and starts its controllers"
            + " once they are there",
        String.join(", ", missing),
        RequiredCrds.HOW_TO_INSTALL,
        CRD_RECHECK.toSeconds());
  }

  /** Runs every {@link #CRD_RECHECK} while CRDs are missing. */
  private void startOnceCrdsAreInstalled() {
    List<String> before = crds.lastMissing();
    List<String> missing;
    try {
      missing = crds.check();
    } catch (KubernetesClientException e) {
      log.warn("could not ask the API server for Rampart's CRDs, will retry: {}", e.getMessage());
      return;
    }
    if (!missing.isEmpty()) {
      if (!missing.equals(before)) {
        logMissing(missing);
      }
      return;
    }
    log.info("Rampart's CRDs are installed; starting the controllers");
    synchronized (this) {
      if (closing.get()) {
        return;
      }
      try {
        operator.start();
      } catch (RuntimeException e) {
        // An operator that cannot reconcile must not look alive: Kubernetes restarts the pod.
        log.error("the controllers could not start; exiting", e);
        System.exit(1);
      }
    }
    crdRecheck.shutdown();
  }

  /**
   * Leader election on the Lease {@code rampart-operator}. JOSDK's own exit-on-stop-leading would
   * also fire during a graceful stop, calling System.exit inside the shutdown hook (which blocks
   * forever); so Rampart exits only when leadership is lost while it is still running, letting
   * Kubernetes restart the pod as a fresh candidate.
   */
  private static LeaderElectionConfiguration leaderElection(
      OperatorConfig config, AtomicBoolean closing, AtomicBoolean leading) {
    String identity =
        System.getenv().getOrDefault("HOSTNAME", "rampart")
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    Runnable onStopLeading =
        () -> {
          leading.set(false);
          if (!closing.get()) {
            log.error("lost the leader Lease while running; exiting so a new candidate takes over");
            System.exit(1);
          }
        };
    return new LeaderElectionConfiguration(
        OperatorConfig.LEASE_NAME,
        config.leaseNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        identity,
        new LeaderCallbacks(() -> leading.set(true), onStopLeading, leader -> {}),
        false);
  }

  /** Deletes deleted tenants' transit keys once their retention ends, on the leader only. */
  private static void sweepRetiredKeys(
      RetiredTransitKeys keys, Duration every, AtomicBoolean leading, Clock clock) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rampart-key-sweeper").factory());
    scheduler.scheduleWithFixedDelay(
        () -> {
          if (!leading.get()) {
            return;
          }
          try {
            keys.sweep(clock.instant());
          } catch (RuntimeException e) {
            log.warn("retired transit keys not swept, will retry: {}", e.getMessage());
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Write requests sent to the API server since start, but for the leader-election Lease's renewals
   * (one per retry period while leading) and the token requests of Vault logins (one per tenant
   * namespace and token lifetime): what a steady state must keep flat.
   */
  public long writes() {
    return writes.totalExceptRenewals();
  }

  /** {@link #writes} by {@code "<METHOD> <resource>"}. */
  public Map<String, Long> writesByRequest() {
    return writes.exceptRenewals();
  }

  /**
   * Reconciliations that finished without an exception since start, of every controller: a test
   * that sees no writes during a window checks this moved, so that it saw a steady state and not an
   * operator that did nothing.
   */
  public long reconciliations() {
    return (long)
        registry.find("operator.sdk.reconciliations.success").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  /**
   * Requests sent to Keycloak since start, by method (TOKEN for Rampart's token grants): a steady
   * state adds GETs and TOKENs only.
   */
  public Map<String, Long> keycloakRequests() {
    Map<String, Long> requests = new java.util.TreeMap<>();
    registry
        .find("rampart_keycloak_requests")
        .counters()
        .forEach(c -> requests.put(c.getId().getTag("method"), (long) c.count()));
    return requests;
  }

  public int httpPort() {
    return endpoints.port();
  }

  @Override
  public void close() {
    closing.set(true);
    crdRecheck.shutdownNow();
    endpoints.close();
    synchronized (this) {
      // The framework closes the client when it stops, but only if it started.
      boolean started = operator.getRuntimeInfo().isStarted();
      operator.stop();
      if (!started) {
        client.close();
      }
    }
  }
}
