package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.tenant.TenantQuotaModel;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import java.util.List;

/** The ResourceQuota of each tenant namespace, when the tenant declares one. */
final class ResourceQuotas extends TenantChildren<ResourceQuota> {

  ResourceQuotas() {
    super(ResourceQuota.class);
  }

  @Override
  List<ResourceQuota> desired(Tenant tenant, String namespace) {
    return TenantQuotaModel.quota(tenant, namespace).stream().toList();
  }
}
