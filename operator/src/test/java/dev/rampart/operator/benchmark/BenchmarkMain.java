package dev.rampart.operator.benchmark;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The exit codes every benchmark command shares: 2 for bad arguments, 1 for an error, 0 otherwise
 * (a missed target is a measurement, not an error).
 */
final class BenchmarkMain {

  /** A benchmark run with its parsed options. */
  interface Body<O> {
    void run(O options) throws Exception;
  }

  private BenchmarkMain() {}

  /**
   * Options of the form {@code --name=number}, each one of {@code defaults}' names.
   *
   * @throws IllegalArgumentException with {@code usage} for anything else
   */
  static Map<String, Long> numbers(String[] args, Map<String, Long> defaults, String usage) {
    Map<String, Long> values = new TreeMap<>(defaults);
    for (String arg : args) {
      String[] pair = arg.replaceFirst("^--", "").split("=", 2);
      if (!arg.startsWith("--") || pair.length != 2 || !values.containsKey(pair[0])) {
        throw new IllegalArgumentException(usage + " (unknown argument " + arg + ")");
      }
      try {
        values.put(pair[0], Long.parseLong(pair[1]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(usage + " (" + arg + ": not a number)", e);
      }
    }
    return values;
  }

  static <O> void run(String[] args, Function<String[], O> parse, Body<O> body) {
    O options;
    try {
      options = parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int exitCode = 0;
    try {
      body.run(options);
    } catch (Exception e) {
      e.printStackTrace();
      exitCode = 1;
    }
    // Stops the servers (their shutdown hooks) and threads the client libraries leave behind.
    System.exit(exitCode);
  }
}
