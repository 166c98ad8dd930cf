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
 */
public final class VerifierBenchmarkMain {

  private VerifierBenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(VerifierBenchmark.class.getName() + "\\.")
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(2))
            .threads(1)
            .shouldFailOnError(true)
            .build();
    System.out.printf(
        "Verifying one signed %d-byte event; 1 fork, 3 x 2 s warm-up, 5 x 2 s measurement each.%n",
        VerifierBenchmarkPayload.chargeSucceeded().getBytes(UTF_8).length);
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
