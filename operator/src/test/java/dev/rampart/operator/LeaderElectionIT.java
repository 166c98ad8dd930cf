package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
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
    }
  }

  private static String holder(Lease lease) {
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
