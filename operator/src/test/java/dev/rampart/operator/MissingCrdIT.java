package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.localcp.ChartInstall;
import dev.rampart.localcp.LocalControlPlane;
import dev.rampart.localcp.OperatorIdentity;
import dev.rampart.localcp.Servers;
import dev.rampart.operator.testing.LogCapture;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator started before one of its CRDs is installed says which one and how to install it,
 * stays up, and starts its controllers once the CRD is there. On a control plane of its own: the
 * shared one has every CRD, and deleting one there would delete other tests' resources.
 */
class MissingCrdIT {

  private static final String MISSING = "paymentwebhooks.rampart.dev";

  @RegisterExtension static final LogCapture logs = new LogCapture();

  @TempDir Path crdsButOne;

  @Test
  void waitsForAMissingCrdAndStartsOnceItIsInstalled() throws Exception {
    Path missingCrd = TestCluster.generatedCrds().resolve(MISSING + "-v1.yml");
    try (var files = Files.list(TestCluster.generatedCrds())) {
      for (Path crd : files.filter(f -> !f.equals(missingCrd)).toList()) {
        Files.copy(crd, crdsButOne.resolve(crd.getFileName()));
      }
    }
    try (LocalControlPlane controlPlane = LocalControlPlane.start(Servers.fromCache());
        KubernetesClient admin = controlPlane.newClient();
        HttpClient http = HttpClient.newHttpClient()) {
      OperatorIdentity identity =
          ChartInstall.install(admin, Servers.fromCache().helm(), TestCluster.chart(), crdsButOne);
      // Without Vault: the Tenant and PaymentWebhook controllers.
      OperatorConfig config =
          OperatorConfig.fromEnvironment(
              Map.of("RAMPART_HTTP_PORT", "0", "RAMPART_LEADER_ELECTION", "false"));
      try (RampartOperator operator = RampartOperator.start(config, identity.config())) {
        String base = "http://127.0.0.1:" + operator.httpPort();

        assertThat(logs.lines())
            .filteredOn(line -> line.contains(MISSING))
            .singleElement()
            .satisfies(
                line ->
                    assertThat(line)
                        .contains("kubectl apply --server-side -f crds/", "Helm chart")
                        .doesNotContain("tenants.rampart.dev", "Exception"));
        HttpResponse<String> notReady = get(http, base + "/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body())
            .contains("missing CRDs: " + MISSING, "kubectl apply --server-side -f crds/")
            .doesNotContain("tenants.rampart.dev");
        assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);

        ChartInstall.installCrds(admin, List.of(missingCrd));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> get(http, base + "/readyz").statusCode() == 200);
        assertThat(logs.lines()).contains("Rampart's CRDs are installed; starting the controllers");
      }
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
