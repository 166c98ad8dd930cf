package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource's values as a rule sees them: objects and maps as CEL maps (an object's properties
 * under their {@link CelNames escaped} names), lists, strings, int64 for integers, double for
 * numbers, bool. Fields the schema does not declare are not visible, as the API server prunes them.
 */
final class CelValues {

  private static final Schema ANY = new Schema(MissingNode.getInstance());

  private CelValues() {}

  /**
   * {@code self} at the root: the schema's fields plus apiVersion, kind and, of the metadata, name
   * and generateName, which are all a rule may read there.
   */
  static Map<String, Object> root(JsonNode document, Schema schema) {
    @SuppressWarnings("unchecked")
    Map<String, Object> self = (Map<String, Object>) of(document, schema);
    for (String field : List.of("apiVersion", "kind")) {
      if (document.path(field).isTextual()) {
        self.put(field, document.path(field).asText());
      }
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (String field : List.of("name", "generateName")) {
      JsonNode value = document.path("metadata").path(field);
      if (value.isTextual()) {
        metadata.put(field, value.asText());
      }
    }
    self.put("metadata", metadata);
    return self;
  }

  static Object of(JsonNode value, Schema schema) {
    return switch (value.getNodeType()) {
      case OBJECT -> object(value, schema);
      case ARRAY -> {
        Schema items = schema.items().orElse(ANY);
        List<Object> list = new ArrayList<>();
        value.forEach(item -> list.add(of(item, items)));
        yield list;
      }
      case STRING -> value.asText();
      case BOOLEAN -> value.asBoolean();
      case NUMBER ->
          schema.type().equals("number") || !JsonTypes.wholeNumber(value)
              ? (Object) value.asDouble()
              : (Object) value.asLong();
      default -> NullValue.NULL_VALUE;
    };
  }

  private static Map<String, Object> object(JsonNode value, Schema schema) {
    Map<String, Schema> properties = schema.properties();
    Optional<Schema> values = schema.additionalProperties();
    Map<String, Object> map = new LinkedHashMap<>();
    value
        .properties()
        .forEach(
            field -> {
              Schema property = properties.get(field.getKey());
              if (property != null) {
                CelNames.escape(field.getKey())
                    .ifPresent(name -> map.put(name, of(field.getValue(), property)));
              } else {
                // A map's keys are data, not names: a rule sees them as they are.
                values.ifPresent(v -> map.put(field.getKey(), of(field.getValue(), v)));
              }
            });
    return map;
  }
}
