package dev.rampart.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteCounterTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/api/v1/namespaces, namespaces",
    "/api/v1/namespaces/acme, namespaces",
    "/api/v1/namespaces/acme/status, namespaces",
    "/api/v1/namespaces/acme/finalize, namespaces",
    "/api/v1/namespaces/acme/events, events",
    "/api/v1/namespaces/acme/serviceaccounts/default/token, serviceaccounts/token",
    "/api/v1/namespaces/acme/serviceaccounts/default, serviceaccounts",
    "/api/v1/namespaces/acme/serviceaccounts, serviceaccounts",
    "/api/v1/namespaces/status/secrets/db, secrets",
    "/apis/networking.k8s.io/v1/namespaces/acme/networkpolicies/rampart-default-deny,"
        + " networkpolicies",
    "/apis/coordination.k8s.io/v1/namespaces/rampart-system/leases/rampart-operator, leases",
    "/apis/rampart.dev/v1alpha1/tenants/acme/status, tenants",
    "/apis/rampart.dev/v1alpha1/tenants, tenants",
    "/apis/rampart.dev/v1alpha1/namespaces/acme/vaultsecrets/db/status, vaultsecrets",
    "/apis/authorization.k8s.io/v1/subjectaccessreviews, subjectaccessreviews",
    "/apis/apps/v1beta2/namespaces/acme/deployments/web/scale, deployments",
    "/k8s/clusters/c-42/api/v1/namespaces/acme/secrets, secrets",
    "/k8s/clusters/c-42/apis/apps/v1/namespaces/acme/deployments, deployments",
    "/apis/rampart.dev/v1alpha1/, other",
    "/api/v1, other",
    "/apis/rampart.dev, other",
    "/version, other",
    "/, other"
  })
  void namesTheResourceOfAnApiPath(String path, String resource) {
    assertThat(WriteCounter.resource(path)).isEqualTo(resource);
  }

  @Test
  void countsWritesByMethodAndResourceAndLeavesReadsAndRenewalsOutOfTheTotal() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WriteCounter counter = new WriteCounter(registry);
    send(counter, "PATCH", "/apis/rampart.dev/v1alpha1/tenants/acme/status?fieldManager=rampart");
    send(counter, "POST", "/api/v1/namespaces");
    send(counter, "GET", "/api/v1/namespaces/acme");
    send(counter, "PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/rampart-operator");
    send(counter, "PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/rampart-operator");
    send(counter, "POST", "/api/v1/namespaces/acme/serviceaccounts/default/token");

    assertThat(counter.totalExceptRenewals()).isEqualTo(2);
    assertThat(counter.exceptRenewals())
        .containsExactlyInAnyOrderEntriesOf(Map.of("PATCH tenants", 1L, "POST namespaces", 1L));
    assertThat(
            registry
                .get(WriteCounter.METRIC)
                .tags("method", "PUT", "resource", "leases")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(
            registry
                .get(WriteCounter.METRIC)
                .tags("method", "PATCH", "resource", "tenants")
                .counter()
                .count())
        .isEqualTo(1);
  }

  private static void send(WriteCounter counter, String method, String path) {
    counter.before(
        null,
        new StandardHttpRequest(
            Map.of(), URI.create("https://127.0.0.1:6443" + path), method, null),
        null);
  }
}
