package dev.rampart.operator.model;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one rule for whether an object in the cluster still says what Rampart wants it to say, so
 * that a steady state makes no writes while any edit to a field Rampart sets is repaired.
 *
 * <ul>
 *   <li>Metadata is compared loosely: Rampart's labels, annotations and controller reference must
 *       be present; others may add theirs.
 *   <li>Every other field Rampart sets must hold its value. Fields the API server defaults or
 *       allocates (a Service's clusterIP, a container's terminationMessagePath) are not Rampart's
 *       and not compared; lists must have the same length, so an added or removed rule, container
 *       or port counts. Empty values equal absent ones and quantities compare by value ({@code
 *       1024Mi} equals {@code 1Gi}, {@code 0.5} equals {@code 500m}), as the API server drops and
 *       normalises them.
 *   <li>A field Rampart's last server-side apply set and that it no longer wants (a Secret key of
 *       an expired signing secret, a label it dropped) is a difference too: the next apply removes
 *       it.
 * </ul>
 */
public final class DesiredState {

  /** The field manager of every server-side apply Rampart makes. */
  public static final String FIELD_MANAGER = "rampart";

  private static final Set<String> NOT_COMPARED =
      Set.of("apiVersion", "kind", "metadata", "status");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private DesiredState() {}

  public static boolean matches(HasMetadata desired, HasMetadata actual) {
    if (actual == null || !metadataMatches(desired.getMetadata(), actual.getMetadata())) {
      return false;
    }
    Map<String, Object> wanted = toMap(desired);
    if (ownsMore(appliedByRampart(actual), wanted) || othersSetMore(actual, wanted)) {
      return false;
    }
    Map<String, Object> found = toMap(actual);
    return wanted.entrySet().stream()
        .filter(field -> !NOT_COMPARED.contains(field.getKey()))
        .allMatch(field -> holds(field.getValue(), found.get(field.getKey())));
  }

  private static boolean metadataMatches(ObjectMeta desired, ObjectMeta actual) {
    return containsAll(desired.getLabels(), actual.getLabels())
        && containsAll(desired.getAnnotations(), actual.getAnnotations())
        && desired.getOwnerReferences().stream()
            .allMatch(ref -> hasOwner(actual.getOwnerReferences(), ref));
  }

  private static boolean hasOwner(List<OwnerReference> actual, OwnerReference wanted) {
    return actual.stream()
        .anyMatch(
            ref ->
                Objects.equals(ref.getUid(), wanted.getUid())
                    && Objects.equals(ref.getController(), wanted.getController()));
  }

  private static boolean containsAll(Map<String, String> wanted, Map<String, String> actual) {
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    return actual != null && actual.entrySet().containsAll(wanted.entrySet());
  }

  private static Map<String, Object> toMap(HasMetadata object) {
    return Serialization.jsonMapper().convertValue(object, MAP);
  }

  /** The fields (managedFields' fieldsV1) Rampart's server-side applies own in {@code actual}. */
  private static Object appliedByRampart(HasMetadata actual) {
    return actual.getMetadata().getManagedFields().stream()
        .filter(m -> FIELD_MANAGER.equals(m.getManager()))
        .filter(m -> "Apply".equals(m.getOperation()) && m.getFieldsV1() != null)
        .findFirst()
        .map(m -> Serialization.jsonMapper().convertValue(m.getFieldsV1(), MAP))
        .orElse(null);
  }

  /**
   * Whether a manager other than Rampart owns a field outside metadata and status that {@code
   * wanted} does not set. Fields the API server defaults have no manager, so they never count.
   */
  private static boolean othersSetMore(HasMetadata actual, Map<String, Object> wanted) {
    return actual.getMetadata().getManagedFields().stream()
        .filter(m -> !FIELD_MANAGER.equals(m.getManager()))
        .filter(m -> m.getSubresource() == null || m.getSubresource().isEmpty())
        .filter(m -> m.getFieldsV1() != null)
        .map(m -> Serialization.jsonMapper().convertValue(m.getFieldsV1(), MAP))
        .peek(fields -> fields.keySet().removeAll(Set.of("f:metadata", "f:status")))
        .anyMatch(fields -> ownsMore(fields, wanted));
  }

  /**
   * What replaces {@code actual} when applying is not enough: {@code desired}, with the metadata
   * others keep on the object (their labels, annotations, owners, finalizers), the resourceVersion
   * read (so a concurrent change fails the write instead of being lost) and the addresses the API
   * server allocated to a Service, which cannot change.
   */
  public static <R extends HasMetadata> R replacement(R desired, R actual) {
    @SuppressWarnings("unchecked")
    R result = (R) Serialization.clone(desired);
    ObjectMeta meta = result.getMetadata();
    ObjectMeta live = actual.getMetadata();
    meta.setResourceVersion(live.getResourceVersion());
    meta.setLabels(merged(live.getLabels(), meta.getLabels()));
    meta.setAnnotations(merged(live.getAnnotations(), meta.getAnnotations()));
    meta.setOwnerReferences(live.getOwnerReferences());
    meta.setFinalizers(live.getFinalizers());
    if (result instanceof Service service && actual instanceof Service allocated) {
      ServiceSpec spec = service.getSpec();
      spec.setClusterIP(allocated.getSpec().getClusterIP());
      spec.setClusterIPs(allocated.getSpec().getClusterIPs());
      spec.setIpFamilies(allocated.getSpec().getIpFamilies());
      spec.setIpFamilyPolicy(allocated.getSpec().getIpFamilyPolicy());
    }
    return result;
  }

  private static Map<String, String> merged(Map<String, String> theirs, Map<String, String> ours) {
    Map<String, String> all = new TreeMap<>();
    if (theirs != null) {
      all.putAll(theirs);
    }
    if (ours != null) {
      all.putAll(ours);
    }
    return all;
  }

  /**
   * Whether {@code owned} (fieldsV1: {@code f:<name>} per field) names a field {@code wanted} does
   * not have. List items ({@code k:}, {@code v:}, {@code i:}) are left to the length check.
   */
  private static boolean ownsMore(Object owned, Object wanted) {
    if (!(owned instanceof Map<?, ?> fields) || !(wanted instanceof Map<?, ?> map)) {
      return false;
    }
    for (Map.Entry<?, ?> field : fields.entrySet()) {
      String key = field.getKey().toString();
      if (!key.startsWith("f:")) {
        continue;
      }
      String name = key.substring(2);
      if (!map.containsKey(name) || ownsMore(field.getValue(), map.get(name))) {
        return true;
      }
    }
    return false;
  }

  /** Whether every value {@code wanted} sets is in {@code found}. */
  private static boolean holds(Object wanted, Object found) {
    if (isEmpty(wanted)) {
      return isEmpty(found);
    }
    if (wanted instanceof Map<?, ?> map) {
      return found instanceof Map<?, ?> foundMap
          && map.entrySet().stream().allMatch(e -> holds(e.getValue(), foundMap.get(e.getKey())));
    }
    if (wanted instanceof List<?> list) {
      if (!(found instanceof List<?> foundList) || foundList.size() != list.size()) {
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if (!holds(list.get(i), foundList.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(scalar(wanted), scalar(found));
  }

  /** Absent, or an empty map, list or string: the API server drops those. */
  private static boolean isEmpty(Object value) {
    return value == null
        || value instanceof Map<?, ?> map && map.isEmpty()
        || value instanceof List<?> list && list.isEmpty();
  }

  /**
   * Numbers and quantities as BigDecimal, so that equal values in other spellings compare equal.
   */
  private static Object scalar(Object value) {
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros();
    }
    if (value instanceof String text) {
      return quantityValue(text);
    }
    return value;
  }

  private static Object quantityValue(String text) {
    if (text.isEmpty() || !Character.isDigit(text.charAt(0)) && text.charAt(0) != '.') {
      return text;
    }
    try {
      return Quantity.getAmountInBytes(new Quantity(text)).stripTrailingZeros();
    } catch (RuntimeException notAQuantity) { // Quantity throws several kinds for non-quantities
      return text;
    }
  }
}
