package dev.rampart.localcp;

import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The operator's ServiceAccount and a kubeconfig that authenticates as it to the cluster's API
 * server, with a token from the TokenRequest API: what a pod of the chart's Deployment would
 * present. The token is a credential; nothing here prints it.
 */
public final class OperatorIdentity {

  private final String namespace;
  private final String serviceAccount;
  private final String kubeconfigYaml;

  private OperatorIdentity(String namespace, String serviceAccount, String kubeconfigYaml) {
    this.namespace = namespace;
    this.serviceAccount = serviceAccount;
    this.kubeconfigYaml = kubeconfigYaml;
  }

  /** A token for {@code account} valid for {@code lifetime}, on the cluster {@code admin} uses. */
  static OperatorIdentity issue(KubernetesClient admin, ServiceAccount account, Duration lifetime) {
    String namespace = account.getMetadata().getNamespace();
    String name = account.getMetadata().getName();
    String token = VaultOnKubernetes.jwt(admin, namespace, name, List.of(), lifetime);
    Config cluster = admin.getConfiguration();
    String context = "rampart-operator";
    var kubeconfig =
        new io.fabric8.kubernetes.api.model.ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addToClusters(
                new NamedClusterBuilder()
                    .withName(context)
                    .withNewCluster()
                    .withServer(cluster.getMasterUrl())
                    .withCertificateAuthorityData(
                        Base64.getEncoder()
                            .encodeToString(
                                VaultOnKubernetes.caCertPem(cluster)
                                    .getBytes(StandardCharsets.UTF_8)))
                    .endCluster()
                    .build())
            .addToUsers(
                new NamedAuthInfoBuilder()
                    .withName(context)
                    .withNewUser()
                    .withToken(token)
                    .endUser()
                    .build())
            .addToContexts(
                new NamedContextBuilder()
                    .withName(context)
                    .withNewContext()
                    .withCluster(context)
                    .withUser(context)
                    .endContext()
                    .build())
            .withCurrentContext(context)
            .build();
    return new OperatorIdentity(namespace, name, new KubernetesSerialization().asYaml(kubeconfig));
  }

  /** The user the API server authenticates the token as. */
  public String username() {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /**
   * The settings the chart's Deployment gives the operator about itself: its namespace and its
   * ServiceAccount, which Rampart binds in each tenant namespace.
   */
  public Map<String, String> environment() {
    return Map.of("RAMPART_LEASE_NAMESPACE", namespace, "RAMPART_SERVICE_ACCOUNT", serviceAccount);
  }

  /** Client configuration for an operator in this JVM. */
  public Config config() {
    return Config.fromKubeconfig(kubeconfigYaml);
  }

  /** The kubeconfig, readable by this user only, for an operator in another process. */
  public void writeKubeconfig(Path file) {
    try {
      LocalControlPlane.writePrivate(file, kubeconfigYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
