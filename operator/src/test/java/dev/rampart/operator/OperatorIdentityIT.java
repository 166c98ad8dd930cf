package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator the integration tests run authenticates as the chart's ServiceAccount and holds the
 * chart's RBAC only, so a rule the chart lacks fails the tests that need it.
 */
class OperatorIdentityIT {

  /** What an administrator may do and the chart grants the operator nowhere. */
  @ParameterizedTest(name = "{0} {2} ({1})")
  @CsvSource({
    "delete, '', namespaces",
    "create, rbac.authorization.k8s.io, clusterroles",
    "create, apiextensions.k8s.io, customresourcedefinitions"
  })
  void operatorIsTheChartsServiceAccountNotAnAdministrator(
      String verb, String group, String resource) {
    try (KubernetesClient asOperator =
        new KubernetesClientBuilder().withConfig(TestCluster.operatorIdentity().config()).build()) {
      SelfSubjectReview review =
          asOperator.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
      assertThat(review.getStatus().getUserInfo().getUsername())
          .isEqualTo("system:serviceaccount:rampart-system:rampart");

      assertThat(allowed(TestCluster.admin(), verb, group, resource)).as("admin").isTrue();
      assertThat(allowed(asOperator, verb, group, resource)).as("operator").isFalse();
    }
  }

  /**
   * Secrets, ServiceAccount tokens and workload patches are Rampart's only inside tenant namespaces
   * (RoleBinding rampart-operator there): a compromised operator can neither mint a token for a
   * kube-system account nor read Secrets outside tenants.
   */
  @ParameterizedTest(name = "{0} {2}/{3}")
  @CsvSource({
    "create, '', serviceaccounts, token",
    "get, '', secrets, ''",
    "list, '', secrets, ''",
    "patch, apps, deployments, ''",
    "update, '', configmaps, ''"
  })
  void whatRampartDoesInTenantNamespacesItMayDoNowhereElse(
      String verb, String group, String resource, String subresource) {
    String tenant = Tenants.createVaultReady(TestCluster.admin(), "rbac");
    String plain = Tenants.uniqueName("plain");
    TestCluster.admin()
        .resource(new NamespaceBuilder().withNewMetadata().withName(plain).endMetadata().build())
        .create();
    try (KubernetesClient asOperator =
        new KubernetesClientBuilder().withConfig(TestCluster.operatorIdentity().config()).build()) {
      assertThat(allowed(asOperator, verb, group, resource, subresource, tenant))
          .as("in tenant namespace " + tenant)
          .isTrue();
      for (String elsewhere : List.of("kube-system", "default", plain)) {
        assertThat(allowed(asOperator, verb, group, resource, subresource, elsewhere))
            .as("in namespace " + elsewhere)
            .isFalse();
      }
    }
  }

  /** Not only the review: the API server refuses the requests themselves. */
  @Test
  void theOperatorIsRefusedATokenForKubeSystemAndItsSecrets() {
    try (KubernetesClient asOperator =
        new KubernetesClientBuilder().withConfig(TestCluster.operatorIdentity().config()).build()) {
      assertThatThrownBy(
              () ->
                  asOperator
                      .serviceAccounts()
                      .inNamespace("kube-system")
                      .withName("default")
                      .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build()))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThatThrownBy(() -> asOperator.secrets().inNamespace("kube-system").list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  private static boolean allowed(
      KubernetesClient client, String verb, String group, String resource) {
    return allowed(client, verb, group, resource, "", null);
  }

  private static boolean allowed(
      KubernetesClient client,
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace) {
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(
            new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withVerb(verb)
                .withGroup(group)
                .withResource(resource)
                .withSubresource(subresource)
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }
}
