package dev.rampart.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the validator supports beyond what Rampart's CRDs use today, on a CRD of its own:
 * messageExpression, fieldPath and reason, transition rules, rules it cannot compile, nullable,
 * preserved unknown fields and formats.
 */
class CrdFeaturesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String SCHEMA =
      """
      type: object
      properties:
        spec:
          type: object
          x-kubernetes-validations:
          - rule: self.min <= self.max
            messageExpression: "'min ' + string(self.min) + ' exceeds max ' + string(self.max)"
          - rule: self.min >= 0
            message: min must not be negative
            fieldPath: .min
            reason: FieldValueForbidden
          - rule: self.min == oldSelf.min
            message: min is immutable
          - rule: self.max.frobnicate()
            message: never compiles
          - rule: "!has(self.note) || self.note != 'x'"
          properties:
            min: {type: integer}
            max: {type: integer}
            note: {type: string, nullable: true}
            labels:
              type: object
              additionalProperties:
                type: string
                x-kubernetes-validations:
                - rule: self.size() <= 3
                  message: at most 3 characters
            extra:
              type: object
              x-kubernetes-preserve-unknown-fields: true
            started: {type: string, format: date-time}
      """;

  private static List<String> problems(String spec) throws IOException {
    Crd crd = new Crd("Widget", true, new Schema(YAML.readTree(SCHEMA)));
    String yaml = "apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n" + spec;
    return new Validator(Map.of("Widget", crd))
        .validate(YAML.readTree(yaml)).stream().map(Problem::text).toList();
  }

  private static final String NEVER_COMPILES =
      "spec: Internal error: rule cannot be evaluated offline: undeclared reference to"
          + " 'frobnicate' (in container '') (rule: self.max.frobnicate())";

  @Test
  void messageExpressionFieldPathAndReason() throws IOException {
    assertThat(problems("  min: -1\n  max: -2\n"))
        .containsExactly(
            "spec: Invalid value: \"object\": min -1 exceeds max -2",
            "spec.min: Forbidden: min must not be negative",
            NEVER_COMPILES);
  }

  @Test
  void transitionRulesAreSkippedAndAnUncompilableRuleIsAnError() throws IOException {
    assertThat(problems("  min: 1\n  max: 2\n")).containsExactly(NEVER_COMPILES);
  }

  @Test
  void withoutAMessageTheRuleIsQuoted() throws IOException {
    assertThat(problems("  min: 1\n  max: 2\n  note: x\n"))
        .contains(
            "spec: Invalid value: \"object\": failed rule: !has(self.note) || self.note != 'x'");
  }

  @Test
  void nullWhereNullableAndPreservedFields() throws IOException {
    assertThat(problems("  min: 1\n  max: 2\n  note: null\n  extra: {anything: [1, 2]}\n"))
        .containsExactly(NEVER_COMPILES);
  }

  @Test
  void mapValuesAreReportedByKey() throws IOException {
    assertThat(problems("  min: 1\n  max: 2\n  labels: {app.kubernetes.io/name: long}\n"))
        .containsExactly(
            NEVER_COMPILES,
            "spec.labels[app.kubernetes.io/name]: Invalid value: \"string\": at most 3 characters");
  }

  @Test
  void aFormatIsCheckedAndBlocksTheRules() throws IOException {
    assertThat(problems("  min: 1\n  max: 2\n  started: yesterday\n"))
        .containsExactly(
            "spec.started: Invalid value: \"yesterday\": spec.started in body must be of type"
                + " date-time: \"yesterday\"",
            "<nil>: Invalid value: null: some validation rules were not checked because the object"
                + " was invalid; correct the existing errors to complete validation");
  }
}
