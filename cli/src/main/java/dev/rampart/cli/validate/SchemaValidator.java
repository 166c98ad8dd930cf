package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI part of the API server's validation of a custom resource (its kube-openapi
 * validator): types, required fields, enums, bounds, patterns and formats, with its messages.
 * Unknown fields are warnings: the API server prunes them, unless the client asks it to refuse
 * them.
 */
final class SchemaValidator {

  /** Fields every object has beside its schema's: the API server handles them itself. */
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  /** Patterns compiled once; RE2, as the API server's Go regexp: {@code $} ends the text. */
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  /** The problems of a (defaulted) resource against its CRD's root schema. */
  void validate(JsonNode document, Schema root, List<Problem> problems) {
    check(document, root, FieldPath.ROOT, problems);
  }

  private void check(JsonNode value, Schema schema, FieldPath path, List<Problem> problems) {
    if (value.isNull() && schema.nullable()) {
      return;
    }
    String actual = JsonTypes.name(value);
    if (!JsonTypes.fits(value, schema)) {
      String expected = schema.intOrString() ? "integer,string" : schema.type();
      problems.add(wrongType(path, expected, actual));
      schema.anyOf().stream()
          .findFirst()
          .ifPresent(
              first -> {
                // kube-openapi also reports the anyOf, and the first alternative's own type error.
                problems.add(
                    Problem.invalid(
                        FieldPath.ROOT,
                        "",
                        GoFormat.quote(path.text())
                            + " must validate at least one schema (anyOf)"));
                problems.add(wrongType(path, first.type(), actual));
              });
      return;
    }
    List<JsonNode> allowed = schema.enumValues();
    if (!allowed.isEmpty() && allowed.stream().noneMatch(v -> JsonTypes.same(v, value))) {
      problems.add(
          Problem.notSupported(
              path, JsonTypes.plain(value), allowed.stream().map(JsonTypes::text).toList()));
    }
    switch (actual) {
      case "string" -> checkString(value.asText(), schema, path, problems);
      case "integer", "number" -> checkNumber(value, schema, path, problems);
      case "array" -> checkArray(value, schema, path, problems);
      case "object" -> checkObject(value, schema, path, problems);
      default -> {
        // booleans have nothing more to check
      }
    }
  }

  private void checkString(String value, Schema schema, FieldPath path, List<Problem> problems) {
    long length = value.codePointCount(0, value.length());
    OptionalLong min = schema.count("minLength");
    if (min.isPresent() && length < min.getAsLong()) {
      problems.add(
          Problem.invalid(
              path,
              value,
              inBody(path) + " should be at least " + min.getAsLong() + " chars long"));
    }
    OptionalLong max = schema.count("maxLength");
    if (max.isPresent() && length > max.getAsLong()) {
      problems.add(Problem.tooLong(path, max.getAsLong()));
    }
    Optional<String> pattern = schema.text("pattern");
    if (pattern.isPresent()
        && !patterns.computeIfAbsent(pattern.get(), Pattern::compile).matcher(value).find()) {
      problems.add(
          Problem.invalid(path, value, inBody(path) + " should match '" + pattern.get() + "'"));
    }
    Optional<String> format = schema.text("format");
    if (format.isPresent() && !Formats.accepts(format.get(), value)) {
      problems.add(
          Problem.typeInvalid(
              path,
              value,
              inBody(path) + " must be of type " + format.get() + ": " + GoFormat.quote(value)));
    }
  }

  private void checkNumber(JsonNode value, Schema schema, FieldPath path, List<Problem> problems) {
    BigDecimal number = value.decimalValue();
    Object shown = JsonTypes.plain(value);
    schema
        .bound("minimum")
        .ifPresent(
            min -> {
              boolean exclusive = schema.flag("exclusiveMinimum");
              int order = number.compareTo(min);
              if (order < 0 || (exclusive && order == 0)) {
                String than =
                    exclusive ? " should be greater than " : " should be greater than or equal to ";
                problems.add(Problem.invalid(path, shown, inBody(path) + than + bound(min, value)));
              }
            });
    schema
        .bound("maximum")
        .ifPresent(
            max -> {
              boolean exclusive = schema.flag("exclusiveMaximum");
              int order = number.compareTo(max);
              if (order > 0 || (exclusive && order == 0)) {
                String than =
                    exclusive ? " should be less than " : " should be less than or equal to ";
                problems.add(Problem.invalid(path, shown, inBody(path) + than + bound(max, value)));
              }
            });
  }

  private void checkArray(JsonNode value, Schema schema, FieldPath path, List<Problem> problems) {
    long size = value.size();
    OptionalLong min = schema.count("minItems");
    if (min.isPresent() && size < min.getAsLong()) {
      problems.add(
          Problem.invalid(
              path, size, inBody(path) + " should have at least " + min.getAsLong() + " items"));
    }
    OptionalLong max = schema.count("maxItems");
    if (max.isPresent() && size > max.getAsLong()) {
      problems.add(Problem.tooMany(path, size, max.getAsLong()));
    }
    schema
        .items()
        .ifPresent(
            items -> {
              for (int i = 0; i < value.size(); i++) {
                check(value.get(i), items, path.index(i), problems);
              }
            });
  }

  private void checkObject(JsonNode value, Schema schema, FieldPath path, List<Problem> problems) {
    long size = value.size();
    OptionalLong min = schema.count("minProperties");
    if (min.isPresent() && size < min.getAsLong()) {
      // As kube-openapi: an object with too few or too many properties is not looked into.
      problems.add(
          Problem.invalid(
              path,
              size,
              inBody(path) + " should have at least " + min.getAsLong() + " properties"));
      return;
    }
    OptionalLong max = schema.count("maxProperties");
    if (max.isPresent() && size > max.getAsLong()) {
      problems.add(Problem.tooMany(path, size, max.getAsLong()));
      return;
    }
    Map<String, Schema> properties = schema.properties();
    Optional<Schema> values = schema.additionalProperties();
    value
        .properties()
        .forEach(
            field -> {
              String name = field.getKey();
              Schema property = properties.get(name);
              if (property != null) {
                check(field.getValue(), property, path.child(name), problems);
              } else if (values.isPresent()) {
                check(field.getValue(), values.get(), path.child(name), problems);
              } else if (!schema.preservesUnknownFields()
                  && !(path.text().isEmpty() && ROOT_FIELDS.contains(name))) {
                problems.add(
                    Problem.warning(
                        "unknown field "
                            + GoFormat.quote(path.child(name).text())
                            + " (the API server drops it; kubectl's default --validate=strict"
                            + " refuses it)"));
              }
            });
    for (String name : schema.required()) {
      if (!value.has(name)) {
        problems.add(Problem.required(path.child(name), ""));
      }
    }
  }

  private static Problem wrongType(FieldPath path, String expected, String actual) {
    return Problem.typeInvalid(
        path, actual, inBody(path) + " must be of type " + expected + ": \"" + actual + "\"");
  }

  /** kube-openapi names a field "<path> in body". */
  private static String inBody(FieldPath path) {
    return path.text() + " in body";
  }

  /** A bound as kube-openapi prints it: an integer for integer values, else Go's float form. */
  private static String bound(BigDecimal bound, JsonNode value) {
    boolean integral = bound.stripTrailingZeros().scale() <= 0;
    return value.isIntegralNumber() && integral
        ? bound.toBigInteger().toString()
        : GoFormat.number(bound.doubleValue());
  }
}
