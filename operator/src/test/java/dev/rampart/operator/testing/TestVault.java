package dev.rampart.operator.testing;

import dev.rampart.localcp.LocalVault;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/** Wires a real OpenBao to the real API server: kubernetes auth, service accounts, tokens. */
public final class TestVault {

  private static final String REVIEWER = "vault-auth";

  private TestVault() {}

  /** Enables kubernetes auth on {@code vault}, reviewing tokens with the local API server. */
  public static void configureKubernetesAuth(LocalVault vault) {
    Config cluster = TestCluster.controlPlane().adminConfig();
    vault.configureKubernetesAuth(
        cluster.getMasterUrl().replaceAll("/$", ""), caCertPem(cluster), tokenReviewerJwt());
  }

  /** kube-api-test's kubeconfig names the CA by file; a kubeconfig may also inline it. */
  private static String caCertPem(Config cluster) {
    try {
      return cluster.getCaCertData() != null
          ? new String(Base64.getDecoder().decode(cluster.getCaCertData()), StandardCharsets.UTF_8)
          : Files.readString(Path.of(cluster.getCaCertFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The reviewer's token authenticates Vault to the API server, so it carries the API server's own
   * audience (the default); system:auth-delegator lets it create TokenReviews.
   */
  private static String tokenReviewerJwt() {
    serviceAccount("default", REVIEWER);
    TestCluster.admin()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("rampart-it-" + REVIEWER)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:auth-delegator")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(REVIEWER)
                .withNamespace("default")
                .endSubject()
                .build())
        .serverSideApply();
    return jwt("default", REVIEWER, List.of());
  }

  public static void serviceAccount(String namespace, String name) {
    TestCluster.admin()
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  /** A bound token from the TokenRequest API (this control plane has no token controller). */
  public static String jwt(String namespace, String serviceAccount, List<String> audiences) {
    KubernetesClient client = TestCluster.admin();
    return client
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(3600L)
                .withAudiences(audiences)
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }
}
