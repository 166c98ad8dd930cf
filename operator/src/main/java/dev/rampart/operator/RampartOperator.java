package dev.rampart.operator;

import dev.rampart.operator.kubernetes.WriteCounter;
import dev.rampart.operator.tenant.TenantReconciler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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

/** The running operator: controllers, metrics, health endpoints. Used by Main and by tests. */
public final class RampartOperator implements AutoCloseable {

  private final Operator operator;
  private final HttpEndpoints endpoints;
  private final WriteCounter writes;
  private final PrometheusMeterRegistry registry;

  private RampartOperator(
      Operator operator,
      HttpEndpoints endpoints,
      WriteCounter writes,
      PrometheusMeterRegistry registry) {
    this.operator = operator;
    this.endpoints = endpoints;
    this.writes = writes;
    this.registry = registry;
  }

  /** Starts the operator against the cluster {@code kubeConfig} points at. */
  public static RampartOperator start(OperatorConfig config, Config kubeConfig) throws IOException {
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
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        OperatorConfig.LEASE_NAME, config.leaseNamespace()));
              }
            });
    operator.register(new TenantReconciler(Clock.systemUTC()));
    HttpEndpoints endpoints = HttpEndpoints.start(config.httpPort(), operator, registry);
    operator.start();
    return new RampartOperator(operator, endpoints, writes, registry);
  }

  /** Write requests sent to the API server since start. */
  public long writes() {
    return writes.total();
  }

  public int httpPort() {
    return endpoints.port();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    endpoints.close();
    operator.stop();
  }
}
