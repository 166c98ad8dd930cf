package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.tenant.TenantQuotaModel;
import io.fabric8.kubernetes.api.model.LimitRange;
import java.util.List;

/** The LimitRange of each tenant namespace, when the tenant declares container limits. */
final class LimitRanges extends TenantChildren<LimitRange> {

  LimitRanges() {
    super(LimitRange.class);
  }

  @Override
  List<LimitRange> desired(Tenant tenant, String namespace) {
    return TenantQuotaModel.limitRange(tenant, namespace).stream().toList();
  }
}
