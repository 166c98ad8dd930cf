package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.tenant.Limits;
import dev.rampart.operator.api.tenant.ResourceAmounts;
import dev.rampart.operator.api.tenant.Tenant;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The ResourceQuota and LimitRange of a tenant namespace, when the spec declares them. */
public final class TenantQuotaModel {

  public static final String QUOTA = "rampart-quota";
  public static final String LIMITS = "rampart-limits";

  private TenantQuotaModel() {}

  public static Optional<ResourceQuota> quota(Tenant tenant, String namespace) {
    if (tenant.getSpec().getQuota() == null) {
      return Optional.empty();
    }
    Map<String, Quantity> hard = new TreeMap<>();
    tenant.getSpec().getQuota().getHard().forEach((k, v) -> hard.put(k, new Quantity(v)));
    return Optional.of(
        new ResourceQuotaBuilder()
            .withMetadata(TenantMetadata.of(tenant, QUOTA, namespace))
            .withNewSpec()
            .withHard(hard)
            .endSpec()
            .build());
  }

  public static Optional<LimitRange> limitRange(Tenant tenant, String namespace) {
    Limits limits = tenant.getSpec().getLimits();
    if (limits == null) {
      return Optional.empty();
    }
    return Optional.of(
        new LimitRangeBuilder()
            .withMetadata(TenantMetadata.of(tenant, LIMITS, namespace))
            .withNewSpec()
            .addNewLimit()
            .withType("Container")
            .withDefaultRequest(amounts(limits.getDefaultRequest()))
            .withDefault(amounts(limits.getDefaultLimit()))
            .withMax(amounts(limits.getMax()))
            .endLimit()
            .endSpec()
            .build());
  }

  private static Map<String, Quantity> amounts(ResourceAmounts amounts) {
    Map<String, Quantity> result = new TreeMap<>();
    if (amounts != null) {
      Optional.ofNullable(amounts.getCpu()).ifPresent(v -> result.put("cpu", new Quantity(v)));
      Optional.ofNullable(amounts.getMemory())
          .ifPresent(v -> result.put("memory", new Quantity(v)));
    }
    return result;
  }
}
