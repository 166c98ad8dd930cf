package dev.rampart.operator.vaultsecret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The status HMAC key, against the real API server. */
class StatusHmacKeyIT {

  @Test
  void everyReplicaAndRestartGetsTheSameKey() {
    KubernetesClient client = TestCluster.admin();
    String namespace = "hmac-" + Long.toHexString(System.nanoTime());
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();

    // Replicas starting together race to create it; all end up with one key.
    List<byte[]> keys =
        IntStream.range(0, 4)
            .mapToObj(
                i -> CompletableFuture.supplyAsync(() -> StatusHmacKey.load(client, namespace)))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .toList();
    assertThat(keys.getFirst()).hasSize(32);
    assertThat(keys).allSatisfy(key -> assertThat(key).isEqualTo(keys.getFirst()));
    // A restart reads the same key.
    assertThat(StatusHmacKey.load(client, namespace)).isEqualTo(keys.getFirst());

    Secret secret =
        client.secrets().inNamespace(namespace).withName(StatusHmacKey.SECRET_NAME).get();
    assertThat(secret.getImmutable()).isTrue();
    client.namespaces().withName(namespace).delete();
  }
}
