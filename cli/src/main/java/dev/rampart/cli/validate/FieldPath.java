package dev.rampart.cli.validate;

/**
 * Where a value sits in a resource, printed as the API server prints its field paths: {@code
 * spec.permissions[0].actions}, map entries as {@code [key]}.
 */
public record FieldPath(String text) {

  public static final FieldPath ROOT = new FieldPath("");

  public FieldPath child(String name) {
    return new FieldPath(text.isEmpty() ? name : text + "." + name);
  }

  public FieldPath index(int index) {
    return new FieldPath(text + "[" + index + "]");
  }

  public FieldPath key(String key) {
    return new FieldPath(text + "[" + key + "]");
  }

  /** This path followed by a rule's relative {@code fieldPath}, such as {@code .spec.name}. */
  public FieldPath append(String relative) {
    if (relative.startsWith(".") && text.isEmpty()) {
      return new FieldPath(relative.substring(1));
    }
    return new FieldPath(text + relative);
  }

  @Override
  public String toString() {
    return text;
  }
}
