package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.tenant.TenantNetworkPolicyModel;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/** The default-deny boundary and its allowances in each tenant namespace. */
final class NetworkPolicies extends TenantChildren<NetworkPolicy> {

  NetworkPolicies() {
    super(NetworkPolicy.class);
  }

  @Override
  List<NetworkPolicy> desired(Tenant tenant, String namespace) {
    return TenantNetworkPolicyModel.desired(tenant, namespace);
  }
}
