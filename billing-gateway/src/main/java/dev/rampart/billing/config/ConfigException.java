package dev.rampart.billing.config;

import java.util.List;

/**
 * The configuration or a file it names is unusable; one problem per line, each naming its field.
 */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid configuration:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
