package dev.rampart.cli.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One thing wrong with a resource, worded as the API server's field errors are ({@code <path>:
 * <type>: <value>: <detail>}), or a warning that does not make the resource invalid.
 */
public record Problem(Type type, String text) {

  /** The API server's error types (k8s.io/apimachinery field.ErrorType), and a warning. */
  public enum Type {
    REQUIRED("Required value"),
    NOT_SUPPORTED("Unsupported value"),
    INVALID("Invalid value"),
    TYPE_INVALID("Invalid value"),
    TOO_LONG("Too long"),
    TOO_MANY("Too many"),
    FORBIDDEN("Forbidden"),
    DUPLICATE("Duplicate value"),
    INTERNAL("Internal error"),
    WARNING("warning");

    private final String label;

    Type(String label) {
      this.label = label;
    }
  }

  public boolean isError() {
    return type != Type.WARNING;
  }

  /**
   * Whether the API server skips the CEL rules when it finds this: a wrong type, a missing field,
   * an unsupported value or one beyond a bound would make the rules' costs and types meaningless.
   */
  boolean blocksRules() {
    return switch (type) {
      case REQUIRED, NOT_SUPPORTED, TOO_LONG, TOO_MANY, TYPE_INVALID -> true;
      default -> false;
    };
  }

  static Problem required(FieldPath path, String detail) {
    return of(Type.REQUIRED, path, null, detail);
  }

  static Problem notSupported(FieldPath path, Object value, List<String> supported) {
    String values = supported.stream().map(GoFormat::quote).collect(Collectors.joining(", "));
    return of(Type.NOT_SUPPORTED, path, value, "supported values: " + values);
  }

  static Problem invalid(FieldPath path, Object value, String detail) {
    return of(Type.INVALID, path, value, detail);
  }

  static Problem typeInvalid(FieldPath path, Object value, String detail) {
    return of(Type.TYPE_INVALID, path, value, detail);
  }

  static Problem tooLong(FieldPath path, long max) {
    return of(Type.TOO_LONG, path, null, "may not be more than " + max + plural(max, " byte"));
  }

  static Problem tooMany(FieldPath path, long actual, long max) {
    return of(Type.TOO_MANY, path, actual, "must have at most " + max + plural(max, " item"));
  }

  static Problem forbidden(FieldPath path, String detail) {
    return of(Type.FORBIDDEN, path, null, detail);
  }

  static Problem duplicate(FieldPath path, Object value) {
    return of(Type.DUPLICATE, path, value, "");
  }

  /** Something this validator cannot judge, such as a rule that cel-java cannot compile. */
  static Problem internal(FieldPath path, String detail) {
    return of(Type.INTERNAL, path, null, detail);
  }

  static Problem warning(String text) {
    return new Problem(Type.WARNING, "warning: " + text);
  }

  /** What the API server adds when {@link #blocksRules() blocking} problems kept it from them. */
  static Problem rulesNotChecked() {
    return of(
        Type.INVALID,
        FieldPath.ROOT,
        null,
        "some validation rules were not checked because the object was invalid; correct the"
            + " existing errors to complete validation");
  }

  private static Problem of(Type type, FieldPath path, Object value, String detail) {
    // The API server prints the root path, a nil field.Path, as <nil>.
    StringBuilder text = new StringBuilder(path.text().isEmpty() ? "<nil>" : path.text());
    text.append(": ").append(type.label);
    boolean withValue =
        switch (type) {
          case REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL -> false;
          default -> true;
        };
    if (withValue) {
      text.append(": ").append(valueText(value));
    }
    if (!detail.isEmpty()) {
      text.append(": ").append(detail);
    }
    return new Problem(type, text.toString());
  }

  private static String valueText(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> GoFormat.quote(s);
      case Double d -> GoFormat.number(d);
      default -> value.toString();
    };
  }

  private static String plural(long count, String word) {
    return count == 1 ? word : word + "s";
  }

  @Override
  public String toString() {
    return text;
  }
}
