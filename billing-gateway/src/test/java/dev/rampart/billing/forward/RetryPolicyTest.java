package dev.rampart.billing.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration BASE = Duration.ofSeconds(1);
  private static final Duration CAP = Duration.ofHours(1);

  private final RetryPolicy policy = new RetryPolicy(BASE, CAP, new Random(42));

  @Test
  void backoffDoublesWithJitterInTheUpperHalf() {
    for (int attempts = 1; attempts <= 10; attempts++) {
      Duration ceiling = BASE.multipliedBy(1L << (attempts - 1));
      for (int i = 0; i < 200; i++) {
        Duration delay = policy.delay(attempts, Optional.empty());
        assertThat(delay).isBetween(max(BASE, ceiling.dividedBy(2)), ceiling);
      }
    }
  }

  @Test
  void backoffJittersRatherThanRepeating() {
    assertThat(
            java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> policy.delay(8, Optional.empty()))
                .distinct()
                .count())
        .isGreaterThan(10);
  }

  @Test
  void backoffStopsGrowingAtTheCap() {
    for (int attempts : new int[] {13, 31, 32, 1000, Integer.MAX_VALUE}) {
      assertThat(policy.delay(attempts, Optional.empty())).isBetween(CAP.dividedBy(2), CAP);
    }
  }

  @Test
  void retryAfterWinsButIsClampedToBaseAndCap() {
    assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delay(12, Optional.of(Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delay(1, Optional.of(Duration.ZERO))).isEqualTo(BASE);
    assertThat(policy.delay(1, Optional.of(Duration.ofDays(3)))).isEqualTo(CAP);
  }

  @Test
  void refusesABaseAboveTheCap() {
    assertThatThrownBy(() -> new RetryPolicy(CAP, BASE, new Random()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, CAP, new Random()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfterInSeconds() {
    assertThat(RetryPolicy.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryPolicy.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("99999999999999999999", NOW))
        .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(3650)));
  }

  @Test
  void retryAfterAsAnHttpDateInEachOfItsForms() {
    assertThat(RetryPolicy.parseRetryAfter("Sun, 01 Mar 2026 12:01:30 GMT", NOW))
        .contains(Duration.ofSeconds(90));
    assertThat(RetryPolicy.parseRetryAfter("Sunday, 01-Mar-26 12:00:10 GMT", NOW))
        .contains(Duration.ofSeconds(10));
    assertThat(RetryPolicy.parseRetryAfter("Sun Mar  1 12:00:05 2026", NOW))
        .contains(Duration.ofSeconds(5));
  }

  @Test
  void retryAfterDateInThePastMeansNow() {
    assertThat(RetryPolicy.parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void unreadableRetryAfterIsIgnored() {
    for (String value : new String[] {null, "", "  ", "-5", "1.5", "soon", "Sun, 99 Mar 2026"}) {
      assertThat(RetryPolicy.parseRetryAfter(value, NOW)).as(value).isEmpty();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
