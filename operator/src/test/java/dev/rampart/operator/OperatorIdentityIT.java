package dev.rampart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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

  private static boolean allowed(
      KubernetesClient client, String verb, String group, String resource) {
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
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }
}
