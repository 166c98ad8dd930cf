package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.tenant.TenantOwnerBindingModel;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;

/** The binding of the tenant's owners to the tenant-owner ClusterRole in each namespace. */
final class OwnerRoleBindings extends TenantChildren<RoleBinding> {

  OwnerRoleBindings() {
    super(RoleBinding.class);
  }

  @Override
  List<RoleBinding> desired(Tenant tenant, String namespace) {
    return List.of(TenantOwnerBindingModel.desired(tenant, namespace));
  }
}
