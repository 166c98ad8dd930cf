package dev.rampart.operator.model.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether what Keycloak returns has what Rampart sets. Keycloak answers with every field, its
 * defaults included, writes some numbers and booleans as strings, and keeps lists of strings
 * (redirect URIs, scopes) as sets; so an object matches when each field Rampart sets matches, lists
 * of objects match item by item, lists of scalars as sets, and scalars by their text.
 */
public final class JsonSubset {

  private JsonSubset() {}

  public static boolean contains(JsonNode actual, JsonNode wanted) {
    if (wanted.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!contains(actual.path(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (wanted.isArray()) {
      if (!actual.isArray() || actual.size() != wanted.size()) {
        return false;
      }
      if (isScalars(wanted)) {
        return isScalars(actual) && texts(actual).equals(texts(wanted));
      }
      for (int i = 0; i < wanted.size(); i++) {
        if (!contains(actual.get(i), wanted.get(i))) {
          return false;
        }
      }
      return true;
    }
    return !actual.isMissingNode()
        && !actual.isContainerNode()
        && actual.asText().equals(wanted.asText());
  }

  private static boolean isScalars(JsonNode array) {
    for (JsonNode item : array) {
      if (item.isContainerNode()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    Collections.sort(texts);
    return texts;
  }

  /** The top-level fields of {@code wanted} that {@code actual} does not have as wanted. */
  public static List<String> differingFields(JsonNode actual, JsonNode wanted) {
    List<String> differing = new ArrayList<>();
    wanted
        .fields()
        .forEachRemaining(
            field -> {
              if (!contains(actual.path(field.getKey()), field.getValue())) {
                differing.add(field.getKey());
              }
            });
    return differing;
  }
}
