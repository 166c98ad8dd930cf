package dev.rampart.operator;

import dev.rampart.operator.kubernetes.WriteCounter;
import dev.rampart.operator.tenant.TenantReconciler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running operator: controllers, metrics, health endpoints. Used by Main and by tests. */
public final class RampartOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RampartOperator.class);

  private final Operator operator;
  private final HttpEndpoints endpoints;
  private final WriteCounter writes;
  private final AtomicBoolean closing;

  private RampartOperator(
      Operator operator, HttpEndpoints endpoints, WriteCounter writes, AtomicBoolean closing) {
    this.operator = operator;
    this.endpoints = endpoints;
    this.writes = writes;
    this.closing = closing;
  }

  /** Starts the operator against the cluster {@code kubeConfig} points at. */
  public static RampartOperator start(OperatorConfig config, Config kubeConfig) throws IOException {
    AtomicBoolean closing = new AtomicBoolean();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    WriteCounter writes = new WriteCounter(registry);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(kubeConfig)
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
                o.withLeaderElectionConfiguration(leaderElection(config, closing));
              }
            });
    operator.register(new TenantReconciler(Clock.systemUTC()));
    HttpEndpoints endpoints = HttpEndpoints.start(config.httpPort(), operator, registry);
    operator.start();
    return new RampartOperator(operator, endpoints, writes, closing);
  }

  /**
   * Leader election on the Lease {@code rampart-operator}. JOSDK's own exit-on-stop-leading would
   * also fire during a graceful stop, calling System.exit inside the shutdown hook (which blocks
   * forever); so Rampart exits only when leadership is lost while it is still running, letting
   * Kubernetes restart the pod as a fresh candidate.
   */
  private static LeaderElectionConfiguration leaderElection(
      OperatorConfig config, AtomicBoolean closing) {
    String identity =
        System.getenv().getOrDefault("HOSTNAME", "rampart")
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    Runnable onStopLeading =
        () -> {
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
        new LeaderCallbacks(() -> {}, onStopLeading, leader -> {}),
        false);
  }

  /** Write requests sent to the API server since start. */
  public long writes() {
    return writes.total();
  }

  public int httpPort() {
    return endpoints.port();
  }

  @Override
  public void close() {
    closing.set(true);
    endpoints.close();
    operator.stop();
  }
}
