package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Metadata of an object Rampart provisions inside a tenant namespace. */
final class TenantMetadata {

  private TenantMetadata() {}

  static ObjectMeta of(Tenant tenant, String name, String namespace) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Labels.forTenant(tenant.getMetadata().getName()))
        .withOwnerReferences(Owners.controller(tenant))
        .build();
  }
}
