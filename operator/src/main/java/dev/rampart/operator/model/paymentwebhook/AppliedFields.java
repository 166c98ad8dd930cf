package dev.rampart.operator.model.paymentwebhook;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.model.Owners;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether every field Rampart applies still holds in the cluster, so that a steady state writes
 * nothing. Fields the API server defaults or allocates (a Service's clusterIP, a container's
 * terminationMessagePath) and fields others own are not Rampart's: server-side apply would neither
 * set nor remove them, so they are not compared. Lists must have the same length, so an added or
 * removed container, port or rule counts as a change. A field Rampart's last apply set and that it
 * no longer wants (a Secret key of an expired signing secret) is a change too: the next apply
 * removes it.
 */
public final class AppliedFields {

  private static final Set<String> NOT_COMPARED =
      Set.of("apiVersion", "kind", "metadata", "status");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private AppliedFields() {}

  /** {@code actual} has {@code desired}'s labels, annotations, owner and every field it sets. */
  public static boolean hold(HasMetadata desired, HasMetadata actual, HasMetadata owner) {
    if (actual == null || !Owners.isControlledBy(actual, owner)) {
      return false;
    }
    Map<String, Object> wanted = Serialization.jsonMapper().convertValue(desired, MAP);
    Map<String, Object> found = Serialization.jsonMapper().convertValue(actual, MAP);
    if (ownsMore(appliedByRampart(actual), wanted)) {
      return false;
    }
    wanted.keySet().removeAll(NOT_COMPARED);
    return contains(desired.getMetadata().getLabels(), actual.getMetadata().getLabels())
        && contains(desired.getMetadata().getAnnotations(), actual.getMetadata().getAnnotations())
        && contains(wanted, found);
  }

  /** The fields (managedFields' fieldsV1) Rampart's server-side applies own in {@code actual}. */
  private static Object appliedByRampart(HasMetadata actual) {
    return actual.getMetadata().getManagedFields().stream()
        .filter(m -> ResourceWriter.FIELD_MANAGER.equals(m.getManager()))
        .filter(m -> "Apply".equals(m.getOperation()) && m.getFieldsV1() != null)
        .findFirst()
        .map(m -> Serialization.jsonMapper().convertValue(m.getFieldsV1(), MAP))
        .orElse(null);
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

  private static boolean contains(Object wanted, Object found) {
    if (isEmpty(wanted)) {
      return isEmpty(found);
    }
    if (wanted instanceof Map<?, ?> map) {
      return found instanceof Map<?, ?> foundMap
          && map.entrySet().stream()
              .allMatch(e -> contains(e.getValue(), foundMap.get(e.getKey())));
    }
    if (wanted instanceof List<?> list) {
      if (!(found instanceof List<?> foundList) || foundList.size() != list.size()) {
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if (!contains(list.get(i), foundList.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(wanted, found);
  }

  /** Absent, or an empty map or list: the API server drops those. */
  private static boolean isEmpty(Object value) {
    return value == null
        || value instanceof Map<?, ?> map && map.isEmpty()
        || value instanceof List<?> list && list.isEmpty();
  }
}
