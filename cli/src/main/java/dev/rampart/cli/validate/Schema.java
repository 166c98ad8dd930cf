package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A node of a CRD's structural OpenAPI v3 schema, read as the API server reads it. */
public record Schema(JsonNode node) {

  /** object, array, string, integer, number, boolean, or "" (int-or-string, preserved fields). */
  String type() {
    return node.path("type").asText("");
  }

  boolean intOrString() {
    return node.path("x-kubernetes-int-or-string").asBoolean(false);
  }

  boolean preservesUnknownFields() {
    return node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  boolean nullable() {
    return node.path("nullable").asBoolean(false);
  }

  Map<String, Schema> properties() {
    Map<String, Schema> properties = new LinkedHashMap<>();
    node.path("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), new Schema(e.getValue())));
    return properties;
  }

  Optional<Schema> items() {
    return child("items");
  }

  /** The schema of a map's values; absent for objects with fixed properties. */
  Optional<Schema> additionalProperties() {
    return child("additionalProperties");
  }

  /** The alternatives of an anyOf (in structural schemas, only int-or-string's). */
  List<Schema> anyOf() {
    List<Schema> alternatives = new ArrayList<>();
    node.path("anyOf").forEach(alternative -> alternatives.add(new Schema(alternative)));
    return alternatives;
  }

  List<String> required() {
    List<String> required = new ArrayList<>();
    node.path("required").forEach(name -> required.add(name.asText()));
    return required;
  }

  List<JsonNode> enumValues() {
    List<JsonNode> values = new ArrayList<>();
    node.path("enum").forEach(values::add);
    return values;
  }

  Optional<JsonNode> defaultValue() {
    return Optional.ofNullable(node.get("default"));
  }

  List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    node.path("x-kubernetes-validations").forEach(rule -> rules.add(Rule.of(rule)));
    return rules;
  }

  /** A count bound such as maxLength or minItems. */
  OptionalLong count(String keyword) {
    JsonNode value = node.get(keyword);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value.asLong());
  }

  /** minimum or maximum. */
  Optional<BigDecimal> bound(String keyword) {
    JsonNode value = node.get(keyword);
    return value == null ? Optional.empty() : Optional.of(value.decimalValue());
  }

  boolean flag(String keyword) {
    return node.path(keyword).asBoolean(false);
  }

  /** pattern or format. */
  Optional<String> text(String keyword) {
    JsonNode value = node.get(keyword);
    return value == null ? Optional.empty() : Optional.of(value.asText());
  }

  private Optional<Schema> child(String keyword) {
    JsonNode child = node.get(keyword);
    return child != null && child.isObject() ? Optional.of(new Schema(child)) : Optional.empty();
  }
}
