package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.tenant.Owner;
import dev.rampart.operator.api.tenant.Tenant;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

/**
 * Binds the tenant's owners, in each tenant namespace, to the {@code rampart-tenant-owner}
 * ClusterRole the Helm chart installs: enough to run workloads, not enough to weaken isolation.
 */
public final class TenantOwnerBindingModel {

  public static final String BINDING = "rampart-tenant-owners";
  public static final String OWNER_CLUSTER_ROLE = "rampart-tenant-owner";

  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private TenantOwnerBindingModel() {}

  public static RoleBinding desired(Tenant tenant, String namespace) {
    return new RoleBindingBuilder()
        .withMetadata(TenantMetadata.of(tenant, BINDING, namespace))
        .withNewRoleRef()
        .withApiGroup(RBAC_GROUP)
        .withKind("ClusterRole")
        .withName(OWNER_CLUSTER_ROLE)
        .endRoleRef()
        .withSubjects(
            tenant.getSpec().getOwners().stream().map(TenantOwnerBindingModel::subject).toList())
        .build();
  }

  private static Subject subject(Owner owner) {
    SubjectBuilder subject =
        new SubjectBuilder().withKind(owner.getKind().name()).withName(owner.getName());
    return switch (owner.getKind()) {
      case User, Group -> subject.withApiGroup(RBAC_GROUP).build();
      case ServiceAccount -> subject.withNamespace(owner.getNamespace()).build();
    };
  }
}
