package dev.rampart.cli.validate;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a rule names an object's property (k8s.io/apiserver/pkg/cel Escape): CEL keywords become
 * {@code __keyword__} ({@code self.__namespace__}), and {@code __ . - /} become {@code
 * __underscores__ __dot__ __dash__ __slash__}. Other names are not reachable from a rule.
 */
final class CelNames {

  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  private static final Pattern ESCAPABLE = Pattern.compile("[a-zA-Z_.\\-/][a-zA-Z0-9_.\\-/]*");

  private CelNames() {}

  static Optional<String> escape(String property) {
    if (RESERVED.contains(property)) {
      return Optional.of("__" + property + "__");
    }
    if (!ESCAPABLE.matcher(property).matches()) {
      return Optional.empty();
    }
    StringBuilder escaped = new StringBuilder();
    for (int i = 0; i < property.length(); i++) {
      char c = property.charAt(i);
      if (property.startsWith("__", i)) {
        escaped.append("__underscores__");
        i++;
      } else {
        escaped.append(
            switch (c) {
              case '.' -> "__dot__";
              case '-' -> "__dash__";
              case '/' -> "__slash__";
              default -> String.valueOf(c);
            });
      }
    }
    return Optional.of(escaped.toString());
  }
}
