package dev.rampart.billing.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link VerifierBenchmark} in one JMH run (scripts/benchmark-verifiers.sh) and prints each
 * verifier's throughput and Rampart's ratio to each peer library. A measurement: it reports,
 * whatever the ratios, and fails only when the benchmark cannot run.
 *
 * <p>Usage: {@code VerifierBenchmarkMain [--warmups=3] [--iterations=5] [--seconds=2]}: warm-up and
 * measurement iterations of that many seconds each; {@code --warmups=1 --iterations=1 --seconds=1}
 * is a smoke run.
 */
public final class VerifierBenchmarkMain {

  private static final String USAGE =
      "usage: VerifierBenchmarkMain [--warmups=3] [--iterations=5] [--seconds=2]";

  private VerifierBenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, Integer> settings =
        new HashMap<>(Map.of("warmups", 3, "iterations", 5, "seconds", 2));
    for (String arg : args) {
      String[] pair = arg.replaceFirst("^--", "").split("=", 2);
      if (!arg.startsWith("--") || pair.length != 2 || !settings.containsKey(pair[0])) {
        System.err.println(USAGE + " (unknown argument " + arg + ")");
        System.exit(2);
      }
      try {
        settings.put(pair[0], Integer.parseInt(pair[1]));
      } catch (NumberFormatException e) {
        System.err.println(USAGE + " (" + arg + ": not a number)");
        System.exit(2);
      }
    }
    if (settings.values().stream().anyMatch(n -> n < 1)) {
      System.err.println(USAGE + " (each must be at least 1)");
      System.exit(2);
    }
    int warmups = settings.get("warmups");
    int iterations = settings.get("iterations");
    int seconds = settings.get("seconds");
    Options options =
        new OptionsBuilder()
            .include(VerifierBenchmark.class.getName() + "\\.")
            .forks(1)
            .warmupIterations(warmups)
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .threads(1)
            .shouldFailOnError(true)
            .build();
    System.out.printf(
        "Verifying one signed %d-byte event; 1 fork, %d x %d s warm-up, %d x %d s measurement"
            + " each.%n",
        VerifierBenchmarkPayload.chargeSucceeded().getBytes(UTF_8).length,
        warmups,
        seconds,
        iterations,
        seconds);
    Collection<RunResult> results = new Runner(options).run();

    Map<String, Result<?>> byName = new HashMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      byName.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result.getPrimaryResult());
    }
    System.out.printf("%n%-26s %16s%n", "verifier", "ops/s");
    for (String name :
        new String[] {
          "rampartStripe",
          "stripeJavaVerifyHeader",
          "stripeJavaConstructEvent",
          "rampartStandardWebhooks",
          "standardWebhooksLibrary"
        }) {
      Result<?> result = byName.get(name);
      System.out.printf(
          Locale.ROOT, "%-26s %,16.0f ± %,.0f%n", name, result.getScore(), result.getScoreError());
    }
    System.out.println();
    ratio(byName, "rampartStripe", "stripeJavaVerifyHeader");
    ratio(byName, "rampartStripe", "stripeJavaConstructEvent");
    ratio(byName, "rampartStandardWebhooks", "standardWebhooksLibrary");
  }

  private static void ratio(Map<String, Result<?>> byName, String rampart, String peer) {
    double ratio = byName.get(rampart).getScore() / byName.get(peer).getScore();
    System.out.printf(
        Locale.ROOT,
        "%-26s / %-26s %6.2fx (target >= 1.0x: %s)%n",
        rampart,
        peer,
        ratio,
        ratio >= 1.0 ? "met" : "MISSED");
  }
}
