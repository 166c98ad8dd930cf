package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.TenantSpec;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import dev.rampart.operator.model.RestrictedPods;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.Map;
import java.util.TreeMap;

/** A tenant namespace: Pod Security {@code restricted} enforced, tenant and data labels. */
public final class TenantNamespaceModel {

  public static final String POD_SECURITY = "pod-security.kubernetes.io/";
  public static final String DATA_CLASSIFICATION = "rampart.dev/data-classification";
  public static final String DATA_RESIDENCY = "rampart.dev/data-residency";

  /** Read by the PodNodeSelector admission plugin, where the cluster enables it. */
  public static final String NODE_SELECTOR = "scheduler.alpha.kubernetes.io/node-selector";

  public static final String REGION_LABEL = RestrictedPods.REGION_LABEL;

  /**
   * {@code "true"} while the Tenant has {@code spec.preventDeletion}: the chart's admission policy
   * then refuses to delete the namespace.
   */
  public static final String PREVENT_DELETION = "rampart.dev/prevent-deletion";

  private TenantNamespaceModel() {}

  public static Namespace desired(Tenant tenant, String name) {
    TenantSpec spec = tenant.getSpec();
    Map<String, String> labels = new TreeMap<>(Labels.forTenant(tenant.getMetadata().getName()));
    for (String mode : new String[] {"enforce", "audit", "warn"}) {
      labels.put(POD_SECURITY + mode, "restricted");
      labels.put(POD_SECURITY + mode + "-version", "latest");
    }
    labels.put(DATA_CLASSIFICATION, spec.getDataClassification().label());
    // Always set, so that turning it off is a change of value Rampart applies.
    labels.put(PREVENT_DELETION, String.valueOf(spec.isPreventDeletion()));
    Map<String, String> annotations = new TreeMap<>();
    if (spec.getDataResidency() != null) {
      labels.put(DATA_RESIDENCY, spec.getDataResidency().getRegion());
      annotations.put(NODE_SELECTOR, REGION_LABEL + "=" + spec.getDataResidency().getRegion());
    }
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(Owners.controller(tenant))
        .endMetadata()
        .build();
  }
}
