package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;

/**
 * What Rampart itself may do in a tenant namespace and nowhere else: its own ServiceAccount bound
 * to the {@code rampart-operator-tenant-access} ClusterRole the Helm chart installs (Secrets of
 * VaultSecrets and gateways, tokens of the namespace's ServiceAccounts for Vault logins, rollout
 * restarts). Rampart may create this binding because the chart lets it {@code bind} that role, not
 * because it holds the role's permissions cluster-wide.
 */
public final class OperatorAccessModel {

  public static final String BINDING = "rampart-operator";
  public static final String CLUSTER_ROLE = "rampart-operator-tenant-access";

  /** The ServiceAccount the operator runs as. */
  public record ServiceAccount(String namespace, String name) {}

  private OperatorAccessModel() {}

  public static RoleBinding desired(Tenant tenant, String namespace, ServiceAccount operator) {
    return new RoleBindingBuilder()
        .withMetadata(TenantMetadata.of(tenant, BINDING, namespace))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName(CLUSTER_ROLE)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withNamespace(operator.namespace())
        .withName(operator.name())
        .endSubject()
        .build();
  }
}
