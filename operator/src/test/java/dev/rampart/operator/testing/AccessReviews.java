package dev.rampart.operator.testing;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** What the real RBAC authorizer says a user may do, asked with a SubjectAccessReview. */
public final class AccessReviews {

  private AccessReviews() {}

  /**
   * Whether {@code user} (a ServiceAccount as {@code system:serviceaccount:<ns>:<name>}, with the
   * groups the API server gives it) may {@code verb} {@code resource} of {@code group} in {@code
   * namespace}.
   */
  public static boolean allowed(
      KubernetesClient client,
      String user,
      String verb,
      String group,
      String resource,
      String namespace) {
    return client
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(
            new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withGroups(
                    user.startsWith("system:serviceaccount:")
                        ? List.of("system:serviceaccounts", "system:authenticated")
                        : List.of("system:authenticated"))
                .withNewResourceAttributes()
                .withVerb(verb)
                .withGroup(group)
                .withResource(resource)
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }
}
