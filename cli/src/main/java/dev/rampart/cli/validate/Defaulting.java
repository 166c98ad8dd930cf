package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API server does to a resource before it validates it: a null where the schema does not
 * allow one is dropped, and an absent field with a default gets it. Rules such as {@code
 * self.idempotencyWindowSeconds >= 2 * self.toleranceSeconds} read defaulted fields.
 */
final class Defaulting {

  private Defaulting() {}

  /**
   * Names a resource that has only a generateName as the API server would, with five random
   * characters appended ({@code xxxxx} here), so that the rules on the name judge its length.
   */
  static void generateName(JsonNode document) {
    JsonNode metadata = document.path("metadata");
    String prefix = metadata.path("generateName").asText("");
    if (metadata instanceof ObjectNode object
        && metadata.path("name").asText("").isEmpty()
        && !prefix.isEmpty()) {
      object.put("name", prefix + "xxxxx");
    }
  }

  /** Defaults {@code value} in place. */
  static void apply(JsonNode value, Schema schema) {
    if (value instanceof ObjectNode object) {
      Map<String, Schema> properties = schema.properties();
      properties.forEach((name, property) -> settle(object, name, property));
      Optional<Schema> values = schema.additionalProperties();
      if (values.isPresent()) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        keys.stream()
            .filter(key -> !properties.containsKey(key))
            .forEach(key -> settle(object, key, values.get()));
      }
      object
          .properties()
          .forEach(
              field -> {
                Schema fieldSchema = properties.get(field.getKey());
                if (fieldSchema != null) {
                  apply(field.getValue(), fieldSchema);
                } else {
                  values.ifPresent(valueSchema -> apply(field.getValue(), valueSchema));
                }
              });
    } else if (value instanceof ArrayNode array) {
      schema.items().ifPresent(items -> array.forEach(item -> apply(item, items)));
    }
  }

  private static void settle(ObjectNode object, String name, Schema schema) {
    JsonNode field = object.get(name);
    boolean unset = field == null || (field.isNull() && !schema.nullable());
    if (!unset) {
      return;
    }
    Optional<JsonNode> defaultValue = schema.defaultValue();
    if (defaultValue.isPresent()) {
      object.set(name, defaultValue.get().deepCopy());
    } else if (field != null) {
      object.remove(name);
    }
  }
}
