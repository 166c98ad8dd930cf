package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON values as the API server's schema validation sees them: by JSON type, numbers by value. */
final class JsonTypes {

  private JsonTypes() {}

  /**
   * The OpenAPI type name of a value: integer for whole numbers (1e3 and 1.0 too: kubectl sends
   * YAML as JSON, where they are 1000 and 1), number otherwise.
   */
  static String name(JsonNode value) {
    return switch (value.getNodeType()) {
      case OBJECT -> "object";
      case ARRAY -> "array";
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case NUMBER -> wholeNumber(value) ? "integer" : "number";
      default -> "null";
    };
  }

  /** Whether a value has its schema's type (1.0 is an integer, as JSON decoding makes it). */
  static boolean fits(JsonNode value, Schema schema) {
    if (schema.intOrString()) {
      return value.isTextual() || wholeNumber(value);
    }
    return switch (schema.type()) {
      case "" -> true;
      case "integer" -> wholeNumber(value);
      case "number" -> value.isNumber();
      default -> schema.type().equals(name(value));
    };
  }

  static boolean wholeNumber(JsonNode value) {
    return value.isIntegralNumber()
        || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
  }

  /** Equal as JSON values, numbers compared by value. */
  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  /** A value as a message shows it: strings quoted, numbers and booleans plain, else JSON. */
  static Object plain(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (wholeNumber(value)) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    return value.isBoolean() ? (Object) value.asBoolean() : value.toString();
  }

  /** An enum entry as a list of supported values shows it. */
  static String text(JsonNode value) {
    return value.isTextual() ? value.asText() : value.toString();
  }
}
