package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime.Program;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL part of the API server's validation: every {@code x-kubernetes-validations} rule of a
 * schema node that is present, with {@code self} bound to the value there, reported at that node
 * (plus the rule's fieldPath) with the rule's message, as on create: transition rules, which
 * compare with the old object, are skipped unless their oldSelf is optional.
 */
final class RuleValidator {

  private final RuleCompiler compiler = new RuleCompiler();

  void validate(JsonNode document, Schema root, List<Problem> problems) {
    checkRules(CelValues.root(document, root), root, FieldPath.ROOT, problems);
    checkChildren(document, root, FieldPath.ROOT, problems);
  }

  private void check(JsonNode value, Schema schema, FieldPath path, List<Problem> problems) {
    if (value.isNull()) {
      return;
    }
    if (!schema.rules().isEmpty()) {
      checkRules(CelValues.of(value, schema), schema, path, problems);
    }
    checkChildren(value, schema, path, problems);
  }

  private void checkChildren(
      JsonNode value, Schema schema, FieldPath path, List<Problem> problems) {
    if (value.isArray()) {
      schema
          .items()
          .ifPresent(
              items -> {
                for (int i = 0; i < value.size(); i++) {
                  check(value.get(i), items, path.index(i), problems);
                }
              });
    } else if (value.isObject()) {
      Map<String, Schema> properties = schema.properties();
      Optional<Schema> values = schema.additionalProperties();
      value
          .properties()
          .forEach(
              field -> {
                Schema property = properties.get(field.getKey());
                if (property != null) {
                  check(field.getValue(), property, path.child(field.getKey()), problems);
                } else {
                  values.ifPresent(
                      v -> check(field.getValue(), v, path.key(field.getKey()), problems));
                }
              });
    }
  }

  private void checkRules(Object self, Schema schema, FieldPath path, List<Problem> problems) {
    Map<String, Object> variables = Map.of("self", self, "oldSelf", Optional.empty());
    for (Rule rule : schema.rules()) {
      RuleCompiler.Compiled compiled = compiler.compile(rule);
      if (compiled.error().isPresent()) {
        problems.add(
            Problem.internal(
                path,
                "rule cannot be evaluated offline: "
                    + compiled.error().get()
                    + " (rule: "
                    + rule.rule().strip()
                    + ")"));
        continue;
      }
      if (compiled.transition() && !rule.optionalOldSelf()) {
        continue;
      }
      try {
        Object result = compiled.rule().orElseThrow().eval(variables);
        if (!Boolean.TRUE.equals(result)) {
          problems.add(failure(rule, compiled.message(), variables, schema, path));
        }
      } catch (CelEvaluationException e) {
        problems.add(
            Problem.invalid(path, schema.type(), celError(e) + " evaluating rule: " + rule.name()));
      }
    }
  }

  private static Problem failure(
      Rule rule,
      Optional<Program> messageExpression,
      Map<String, Object> variables,
      Schema schema,
      FieldPath path) {
    String message =
        messageExpression.flatMap(m -> message(m, variables)).orElse(rule.staticMessage());
    FieldPath at = rule.fieldPath().isEmpty() ? path : path.append(rule.fieldPath());
    return switch (rule.reason()) {
      case "FieldValueForbidden" -> Problem.forbidden(at, message);
      case "FieldValueRequired" -> Problem.required(at, message);
      case "FieldValueDuplicate" -> Problem.duplicate(at, schema.type());
      default -> Problem.invalid(at, schema.type(), message);
    };
  }

  /**
   * A messageExpression's message; none, so the static message applies, when it fails or gives an
   * empty or multi-line string, as in the API server.
   */
  private static Optional<String> message(Program expression, Map<String, Object> variables) {
    try {
      if (expression.eval(variables) instanceof String text
          && !text.isBlank()
          && !text.contains("\n")) {
        return Optional.of(text.strip());
      }
    } catch (CelEvaluationException e) {
      // falls back to the rule's message
    }
    return Optional.empty();
  }

  /** cel-java's runtime error in cel-go's words where they differ, e.g. no such key: x. */
  private static String celError(CelEvaluationException e) {
    return e.getMessage()
        .replaceFirst("^evaluation error at <input>:\\d+: ", "")
        .replaceFirst("^key '(.*)' is not present in map\\.?$", "no such key: $1")
        .replaceFirst(
            "^invalid duration format$",
            "type conversion error from 'string' to 'google.protobuf.Duration'");
  }
}
