package dev.rampart.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rampart.localcp.Servers;
import dev.rampart.operator.model.policy.PolicyBundle;
import dev.rampart.operator.model.policy.PolicyDecisionPoint;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's policy decision point as its pod would run, on loopback: the pinned, real opa with the
 * Deployment's own arguments, on the bundle's files where its volume mounts put them, all read from
 * what Rampart wrote into the API server. Pods cannot run here; this is the next best thing.
 */
public final class LocalDecisionPoint implements AutoCloseable {

  private final Process opa;
  private final int port;
  private final Path log;

  private LocalDecisionPoint(Process opa, int port, Path log) {
    this.opa = opa;
    this.port = port;
    this.log = log;
  }

  /** Starts the PDP of the tenant whose bundle is in {@code namespace}, once it is healthy. */
  public static LocalDecisionPoint start(KubernetesClient client, String namespace, Path dir)
      throws IOException {
    Deployment pdp =
        client.apps().deployments().inNamespace(namespace).withName(PolicyDecisionPoint.NAME).get();
    assertThat(pdp).as("rampart-pdp in " + namespace).isNotNull();
    ConfigMap bundle =
        client.configMaps().inNamespace(namespace).withName(PolicyBundle.OPA_CONFIG_MAP).get();
    Path root = Files.createDirectories(dir.resolve("container"));
    var container = pdp.getSpec().getTemplate().getSpec().getContainers().get(0);
    for (var mount : container.getVolumeMounts()) {
      assertThat(mount.getSubPath()).as(mount.getMountPath()).isNotNull();
      Path file = root.resolve(mount.getMountPath().substring(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, bundle.getData().get(mount.getSubPath()));
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Servers.fromCache().opa().toString());
    for (String arg : container.getArgs()) {
      command.add(
          arg.replace("0.0.0.0:" + PolicyDecisionPoint.PORT, "127.0.0.1:" + port)
              .replace("0.0.0.0:" + PolicyDecisionPoint.DIAGNOSTIC_PORT, "127.0.0.1:" + freePort())
              .replace(
                  PolicyDecisionPoint.POLICY_DIR,
                  root.resolve(PolicyDecisionPoint.POLICY_DIR.substring(1)).toString()));
    }
    Path log = dir.resolve("opa.log");
    Process opa =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    LocalDecisionPoint started = new LocalDecisionPoint(opa, port, log);
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(started.url() + "/health?bundles"))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    return started;
  }

  /** Where it answers, as {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** What it wrote to stdout and stderr: its decision log among it. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    opa.destroy();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
