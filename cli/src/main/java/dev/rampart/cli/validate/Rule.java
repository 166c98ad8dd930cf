package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;

/** One {@code x-kubernetes-validations} entry of a schema node. */
record Rule(
    String rule,
    String message,
    String messageExpression,
    String fieldPath,
    String reason,
    boolean optionalOldSelf) {

  static Rule of(JsonNode node) {
    return new Rule(
        node.path("rule").asText(),
        node.path("message").asText("").strip(),
        node.path("messageExpression").asText(""),
        node.path("fieldPath").asText(""),
        node.path("reason").asText(""),
        node.path("optionalOldSelf").asBoolean(false));
  }

  /** The message of a failure, as the API server words it when there is no messageExpression. */
  String staticMessage() {
    return message.isEmpty() ? "failed rule: " + rule.strip() : message;
  }

  /** How the rule is named in an error about the rule itself: its message, else its text. */
  String name() {
    return message.isEmpty() ? rule.strip() : message;
  }
}
