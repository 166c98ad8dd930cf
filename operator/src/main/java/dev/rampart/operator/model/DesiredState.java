package dev.rampart.operator.model;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether an object in the cluster still says what Rampart wants it to say, so that a
 * steady state makes no writes while any edit to a field Rampart sets is repaired.
 *
 * <p>Metadata is compared loosely (Rampart's labels, annotations and owner reference must be
 * present; others may add theirs). Every other top-level field Rampart sets is compared exactly,
 * after dropping empty values and comparing quantities by value ({@code 1024Mi} equals {@code
 * 1Gi}), because the API server normalises both.
 */
public final class DesiredState {

  private static final Set<String> NOT_COMPARED =
      Set.of("apiVersion", "kind", "metadata", "status");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private DesiredState() {}

  public static boolean matches(HasMetadata desired, HasMetadata actual) {
    if (actual == null) {
      return false;
    }
    return metadataMatches(desired.getMetadata(), actual.getMetadata())
        && contentMatches(toMap(desired), toMap(actual));
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

  private static boolean contentMatches(Map<String, Object> desired, Map<String, Object> actual) {
    for (Map.Entry<String, Object> field : desired.entrySet()) {
      if (NOT_COMPARED.contains(field.getKey())) {
        continue;
      }
      if (!Objects.equals(normalize(field.getValue()), normalize(actual.get(field.getKey())))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> toMap(HasMetadata object) {
    return Serialization.jsonMapper().convertValue(object, MAP);
  }

  /** Empty values dropped, numbers and quantities as BigDecimal, recursively. */
  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> result = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            Object normalized = normalize(v);
            if (normalized != null) {
              result.put(k, normalized);
            }
          });
      return result.isEmpty() ? null : result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>(list.size());
      list.forEach(v -> result.add(normalize(v)));
      return result.isEmpty() ? null : result;
    }
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
