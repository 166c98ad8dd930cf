package dev.rampart.operator.testing;

import static dev.rampart.operator.testing.TestCluster.operator;
import static org.awaitility.Awaitility.await;

import dev.rampart.operator.RampartOperator;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Checks that a steady state makes no writes. Each check is opened by something that makes the
 * operator reconcile, and waits until it did, so that it cannot pass on an operator that did
 * nothing.
 */
public final class SteadyState {

  private SteadyState() {}

  /** Waits until the test operator's writes have held for three seconds. */
  public static void awaitSettled() {
    RampartOperator operator = operator();
    long[] last = {-1};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              long now = operator.writes();
              boolean held = now == last[0];
              last[0] = now;
              return held;
            });
  }

  /** Runs {@code wakeUp} and asserts that the reconciles it caused wrote nothing. */
  public static void assertNoWritesWhile(Runnable wakeUp) {
    Map<String, Long> before = operator().writesByRequest();
    long reconciliations = operator().reconciliations();
    wakeUp.run();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> operator().reconciliations() > reconciliations);
    try {
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> operator().writesByRequest().equals(before));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("writes in a steady state: " + added(before), e);
    }
  }

  /** What was written since {@code before}, by request. */
  private static Map<String, Long> added(Map<String, Long> before) {
    Map<String, Long> added = new TreeMap<>();
    operator()
        .writesByRequest()
        .forEach(
            (request, count) -> {
              long more = count - before.getOrDefault(request, 0L);
              if (more > 0) {
                added.put(request, more);
              }
            });
    return added;
  }
}
