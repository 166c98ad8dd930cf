package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.testing.SteadyState;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election: one holds the Lease, the other takes over when it stops. They
 * run as the chart's ServiceAccount, whose Role allows the Lease in the release namespace only.
 */
class LeaderElectionIT {

  private static final String WRITES = "rampart_kubernetes_writes_total{";

  /** A new namespace for a Lease no other test uses. */
  private static String leaseNamespace() {
    String namespace = "rampart-le-" + System.nanoTime() % 100_000;
    TestCluster.admin()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    return namespace;
  }

  @Test
  void oneReplicaLeadsAndAStandbyTakesOver() throws Exception {
    KubernetesClient client = TestCluster.admin();
    String namespace = TestCluster.OPERATOR_NAMESPACE;
    Map<String, String> env =
        Map.of(
            "RAMPART_HTTP_PORT", "0",
            "RAMPART_LEADER_ELECTION", "true",
            "RAMPART_LEASE_NAMESPACE", namespace);
    var lease = client.leases().inNamespace(namespace).withName(OperatorConfig.LEASE_NAME);
    Config asOperator = TestCluster.operatorIdentity().config();

    RampartOperator first = RampartOperator.start(OperatorConfig.fromEnvironment(env), asOperator);
    String firstHolder;
    try (RampartOperator second =
        RampartOperator.start(OperatorConfig.fromEnvironment(env), asOperator)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> holder(lease.get()) != null);
      firstHolder = holder(lease.get());

      first.close();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> holder(lease.get()) != null && !holder(lease.get()).equals(firstHolder));
      assertThat(holder(lease.get())).isNotEqualTo(firstHolder);
    }
  }

  /**
   * Leading costs one Lease renewal per retry period (2 s) however steady everything else is; the
   * metric names that resource, so the rest can be seen to make no writes from the metric alone.
   */
  @Test
  void anIdleLeaderWritesOnlyItsLease() throws Exception {
    String namespace = leaseNamespace();
    // The test operator's settings (Vault included), so that it agrees with it on every object.
    OperatorConfig shared = TestCluster.operatorConfig();
    OperatorConfig config =
        new OperatorConfig(
            0,
            true,
            namespace,
            shared.reconcileThreads(),
            shared.shutdownGrace(),
            shared.vault(),
            shared.billingGatewayImage(),
            shared.serviceAccount());
    var lease =
        TestCluster.admin().leases().inNamespace(namespace).withName(OperatorConfig.LEASE_NAME);
    try (RampartOperator leader =
        RampartOperator.start(config, TestCluster.controlPlane().adminConfig())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> holder(lease.get()) != null);
      SteadyState.awaitSettled(leader);

      String before = metrics(leader);
      await().pollDelay(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(8)).until(() -> true);
      String after = metrics(leader);

      Predicate<String> toTheLease = series -> series.contains("resource=\"leases\"");
      assertThat(writes(after, toTheLease) - writes(before, toTheLease))
          .as("Lease renewals in 7 s")
          .isBetween(2.0, 5.0);
      assertThat(writes(after, toTheLease.negate()) - writes(before, toTheLease.negate()))
          .as("other writes in 7 s")
          .isZero();
    }
  }

  private static String metrics(RampartOperator operator) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  /** The sum of the write counter's series that pass {@code filter}. */
  private static double writes(String metrics, Predicate<String> filter) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(WRITES) && filter.test(line))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String holder(Lease lease) {
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
