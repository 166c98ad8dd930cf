package dev.rampart.localcp;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What an administrator does once to let Rampart use Vault on a cluster, done against a local
 * OpenBao and API server: kubernetes auth that reviews tokens with the API server, Rampart's policy
 * and its kubernetes-auth role, and service-account tokens from the TokenRequest API (this control
 * plane has no token controller).
 */
public final class VaultOnKubernetes {

  private static final String REVIEWER = "vault-auth";

  private VaultOnKubernetes() {}

  /**
   * Enables kubernetes auth on {@code vault} for the cluster {@code admin} administers. The
   * reviewer's token carries the API server's own audience (the default); system:auth-delegator
   * lets it create TokenReviews.
   */
  public static void connect(LocalVault vault, KubernetesClient admin) {
    serviceAccount(admin, "default", REVIEWER);
    admin
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("rampart-local-" + REVIEWER)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:auth-delegator")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(REVIEWER)
                .withNamespace("default")
                .endSubject()
                .build())
        .serverSideApply();
    Config cluster = admin.getConfiguration();
    vault.configureKubernetesAuth(
        cluster.getMasterUrl().replaceAll("/$", ""),
        caCertPem(cluster),
        jwt(admin, "default", REVIEWER, List.of(), Duration.ofHours(24)));
  }

  /**
   * Rampart's policy (the chart's {@code files/rampart-vault-policy.hcl}) and its role, bound to
   * the service account {@code serviceAccount} of {@code namespace}, both created if missing.
   */
  public static void installRampart(
      LocalVault vault,
      KubernetesClient admin,
      Path policyFile,
      String namespace,
      String serviceAccount) {
    admin
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    serviceAccount(admin, namespace, serviceAccount);
    try {
      vault.asRoot(
          "PUT",
          "sys/policies/acl/" + serviceAccount,
          Map.of("policy", Files.readString(policyFile)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    vault.asRoot(
        "POST",
        "auth/kubernetes/role/" + serviceAccount,
        Map.of(
            "bound_service_account_names", List.of(serviceAccount),
            "bound_service_account_namespaces", List.of(namespace),
            "token_policies", List.of(serviceAccount),
            "token_ttl", "1h"));
  }

  public static void serviceAccount(KubernetesClient admin, String namespace, String name) {
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  /** A bound service-account token from the TokenRequest API. */
  public static String jwt(
      KubernetesClient admin,
      String namespace,
      String serviceAccount,
      List<String> audiences,
      Duration expiry) {
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(expiry.toSeconds())
                .withAudiences(audiences)
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }

  /** kube-api-test's kubeconfig names the CA by file; a kubeconfig may also inline it. */
  static String caCertPem(Config cluster) {
    try {
      return cluster.getCaCertData() != null
          ? new String(Base64.getDecoder().decode(cluster.getCaCertData()), StandardCharsets.UTF_8)
          : Files.readString(Path.of(cluster.getCaCertFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
