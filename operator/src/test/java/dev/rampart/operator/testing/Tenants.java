package dev.rampart.operator.testing;

import dev.rampart.operator.api.tenant.Owner;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.TenantSpec;
import dev.rampart.operator.model.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Test tenants with names no other test uses. */
public final class Tenants {

  private static final AtomicInteger counter = new AtomicInteger();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 4);

  private Tenants() {}

  /** A fresh DNS-label name with the given prefix. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + RUN + "-" + counter.incrementAndGet();
  }

  /** A tenant owned by user {@code owner}, with its default namespace. */
  public static Tenant owned(String name, String owner) {
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName(name).build());
    TenantSpec spec = new TenantSpec();
    spec.setOwners(List.of(new Owner(Owner.Kind.User, owner, null)));
    tenant.setSpec(spec);
    return tenant;
  }

  public static boolean isReady(Tenant tenant) {
    return tenant != null
        && tenant.getStatus() != null
        && tenant.getStatus().getObservedGeneration() != null
        && tenant.getStatus().getObservedGeneration().equals(tenant.getMetadata().getGeneration())
        && Conditions.isTrue(tenant.getStatus().getConditions(), Conditions.READY);
  }
}
