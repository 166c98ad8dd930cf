package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is left of a namespace its Tenant no longer declares. The namespace and its data stay, but
 * are no longer the tenant's: its owner reference and tenant labels go, so deleting the Tenant no
 * longer deletes them; the owners' access and Rampart's other objects in it go too. Its
 * default-deny policy stays, owned by nobody, so that releasing a namespace never opens it to the
 * network; whoever takes the namespace over decides what to allow.
 */
public final class ReleasedNamespaceModel {

  /** Set on what a release keeps: the Tenant it was released from. */
  public static final String RELEASED_FROM = "rampart.dev/released-from";

  private ReleasedNamespaceModel() {}

  /** What the Event on the Tenant says. */
  public static String message(String namespace) {
    return "namespace "
        + namespace
        + " is no longer in spec.namespaces: released with its data, no longer deleted with the"
        + " tenant; its owners' access is removed and its default-deny policy stays";
  }

  /** Whether a tenant's object in a namespace it released stays, disowned, rather than going. */
  public static boolean kept(HasMetadata object) {
    return object instanceof NetworkPolicy
        && TenantNetworkPolicyModel.DEFAULT_DENY.equals(object.getMetadata().getName());
  }

  /** {@code object} as it stays once no longer the tenant's (a copy; the object is untouched). */
  public static <R extends HasMetadata> R disowned(R object, Tenant tenant) {
    R copy = Serialization.clone(object);
    ObjectMeta meta = copy.getMetadata();
    Map<String, String> labels = new TreeMap<>(meta.getLabels());
    labels.remove(Labels.TENANT);
    labels.remove(Labels.MANAGED_BY);
    labels.remove(TenantNamespaceModel.PREVENT_DELETION);
    meta.setLabels(labels);
    Map<String, String> annotations =
        new TreeMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    annotations.put(RELEASED_FROM, tenant.getMetadata().getName());
    meta.setAnnotations(annotations);
    meta.setOwnerReferences(
        meta.getOwnerReferences().stream()
            .filter(ref -> !ref.getUid().equals(tenant.getMetadata().getUid()))
            .toList());
    return copy;
  }
}
