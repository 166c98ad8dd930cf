package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election: one holds the Lease, the other takes over when it stops. They
 * run as the chart's ServiceAccount, whose Role allows the Lease in the release namespace only.
 */
class LeaderElectionIT {

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
      // The new leader's renewals show in its metric under their own resource, apart from the
      // writes a steady state must not make.
      await().atMost(Duration.ofSeconds(30)).until(() -> leaseWrites(second) >= 2);
    }
  }

  /** The Lease writes {@code operator} exposes on /metrics. */
  private static double leaseWrites(RampartOperator operator) throws Exception {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return metrics
        .lines()
        .filter(line -> line.startsWith("rampart_kubernetes_writes_total{"))
        .filter(line -> line.contains("resource=\"leases\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String holder(Lease lease) {
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
